"""Reading a PDF as a reader would (poppler-utils): its text and the fonts it embeds."""

import re
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


def key_figures_page(text):
    """The page of a summary's `pdf_text` holding the key-figures table (主要数据)."""
    return next(page for page in text.split("\f") if "主要数据" in page)


def key_figure(text, label):
    """The value printed after `label` on its row of the key-figures table."""
    page = key_figures_page(text)
    match = re.search(rf"^\s*{re.escape(label)}\s+(\S+)\s+\S+\s*$", page, re.MULTILINE)
    assert match, f"no key-figures row {label!r}"
    return match.group(1)
