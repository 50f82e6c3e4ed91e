"""Reading a PDF as a reader would (poppler-utils): its text and the fonts it embeds."""

import subprocess


def _poppler(command, data, tmp_path, *after):
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(
        [*command, str(path), *after], capture_output=True, text=True, check=True
    ).stdout


def pdf_text(data, tmp_path):
    """The text of every page laid out as printed (`pdftotext -layout`), pages ended by \\f."""
    return _poppler(["pdftotext", "-layout"], data, tmp_path, "-")


def pdf_fonts(data, tmp_path):
    """The `pdffonts` table of the fonts the PDF uses (two header lines, then one a font)."""
    return _poppler(["pdffonts"], data, tmp_path)
