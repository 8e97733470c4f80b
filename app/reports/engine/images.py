"""Reading a picture for a document: checked whole before any writer starts, turned upright.

Pillow decodes the file completely (a truncated photo fails here with a Chinese message naming it, not
halfway through a PDF), and a phone photo's EXIF orientation is applied, since neither reportlab nor
Word would rotate it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from app.reports.engine.errors import ReportError

_ORIENTATION_TAG = 0x0112


@dataclass(frozen=True)
class LoadedImage:
    source: str | io.BytesIO  # the file itself, or the upright picture as JPEG bytes
    width: int  # pixels, upright
    height: int

    def stream(self) -> str | io.BytesIO:
        """The source ready to read from the start (a writer may read it more than once)."""
        if isinstance(self.source, io.BytesIO):
            self.source.seek(0)
            return io.BytesIO(self.source.getvalue())
        return self.source


def load_image(path: str | Path) -> LoadedImage:
    path = Path(path)
    name = path.name or str(path)
    if not path.is_file():
        raise ReportError(f"找不到要打印的图片“{name}”（{path}），文件可能已被移动或删除。")
    try:
        with PILImage.open(path) as img:
            img.load()
            if img.getexif().get(_ORIENTATION_TAG, 1) == 1:
                return LoadedImage(str(path), *img.size)
            upright = ImageOps.exif_transpose(img).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ReportError(f"无法读取图片“{name}”：文件已损坏或不是可识别的图片格式。") from exc
    buffer = io.BytesIO()
    upright.save(buffer, "JPEG", quality=90)
    return LoadedImage(buffer, *upright.size)
