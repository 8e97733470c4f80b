"""What the roster's printed documents' tests check of a PDF besides its text."""

from __future__ import annotations

from pypdf import PdfReader


def assert_fonts_embedded(path) -> None:
    fonts = {}
    for page in PdfReader(path).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        descriptor = font.get("/FontDescriptor")
        assert descriptor is not None and "/FontFile2" in descriptor.get_object(), f"{name} is not embedded"
