"""Documents built from blocks, written to a temporary folder, read back with pypdf / python-docx / openpyxl."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image as PILImage
from PIL import ImageDraw

LONG_TEXT = "\n".join(
    f"第{i}段：会议传达了上级党委关于加强基层党组织建设的通知精神，要求全体党员结合教育教学实际，"
    f"认真查找自身不足，切实发挥先锋模范作用，做到学思用贯通、知信行统一。" for i in range(1, 41)
)


@pytest.fixture
def photo(tmp_path) -> Path:
    """A 600×400 PNG picture (a stand-in for a photo of the sign-in sheet)."""
    path = tmp_path / "签到表.png"
    img = PILImage.new("RGB", (600, 400), "white")
    ImageDraw.Draw(img).rectangle([20, 20, 580, 380], outline="black", width=6)
    img.save(path)
    return path


def pdf_texts(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


def flat(text: str) -> str:
    """Text without the line breaks and spaces a PDF's layout adds."""
    return "".join(text.split())
