"""Published documents of an election as PDFs: the roll of each district (公布选民名单) and the
voter cards (选民证), for one district or the whole township.

They are posted or handed out, so ID numbers are always masked. A township's documents are made
by a job (elections.jobs) and handed out from the job's page.

A card and a roll line are fixed layouts, so they are drawn directly on PDF pages instead of
being laid out by WeasyPrint box by box (25 ms and 0.4 MB a card): a card's fixed part (frame,
title, labels, district, polling station, day) is one form drawn once per district and stamped
on each card, and voters are read from the database and written to the file page by page, so
time and memory stay flat in the number of voters. Text uses the same Chinese fonts as the
other PDFs (congress.pdf.fonts), measured and subset with HarfBuzz (the library WeasyPrint
subsets with) and embedded as CID fonts with a ToUnicode map, so the text can be copied and
searched. The roll's lines, notes and signature are laid out here; the one rule of the old
stylesheet kept by hand: the closing note and signature never stand alone on a page.
"""

import ctypes
import ctypes.util
import hashlib
import math
import subprocess
import zlib
from functools import cache
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import idnumbers
from congress.pdf import fonts
from congress.text import official_date
from deputies.models import Gender
from elections import rules, selectors

ROLL, CARDS = "roll", "cards"
TITLES = {ROLL: gettext_lazy("Voter roll"), CARDS: gettext_lazy("Voter cards")}
FILE_WORDS = {ROLL: "选民名单", CARDS: "选民证"}
PROGRESS_PHASES = {"districts": gettext_lazy("%(done)s of %(total)s districts done")}

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM
# Rows are read from the database in chunks of this many (a server-side cursor on PostgreSQL).
CHUNK = 2000


def _polling_station(district):
    lines = [line.strip() for line in district.polling_stations.splitlines() if line.strip()]
    return lines[0] if lines else ""


def _one_line(text):
    """Text for one line of a card or the roll."""
    return " ".join(text.split())


def roll_publication_date(election):
    """The date the published roll is signed with: the day it was recorded as published, or
    until then the latest day the law allows (20 days before election day), never the day the
    PDF happens to be made."""
    if election.roll_published_on:
        return election.roll_published_on
    return dict(rules.timeline(election.election_day))["roll_published"]


@cache
def _harfbuzz():
    """The few HarfBuzz calls needed to measure text and subset fonts (ctypes, no new package:
    WeasyPrint needs the same system libraries)."""
    hb = ctypes.CDLL(ctypes.util.find_library("harfbuzz") or "libharfbuzz.so.0")
    subset = ctypes.CDLL(ctypes.util.find_library("harfbuzz-subset") or "libharfbuzz-subset.so.0")
    ptr, uint = ctypes.c_void_p, ctypes.c_uint
    signatures = {
        "hb_blob_create_from_file": (hb, ptr, [ctypes.c_char_p]),
        "hb_blob_get_data": (hb, ptr, [ptr, ctypes.POINTER(uint)]),
        "hb_blob_destroy": (hb, None, [ptr]),
        "hb_face_create": (hb, ptr, [ptr, uint]),
        "hb_face_reference_blob": (hb, ptr, [ptr]),
        "hb_face_destroy": (hb, None, [ptr]),
        "hb_face_get_upem": (hb, uint, [ptr]),
        "hb_font_create": (hb, ptr, [ptr]),
        "hb_font_get_nominal_glyph": (hb, ctypes.c_int, [ptr, uint, ctypes.POINTER(uint)]),
        "hb_font_get_glyph_h_advance": (hb, ctypes.c_int32, [ptr, uint]),
        "hb_font_get_h_extents": (hb, ctypes.c_int, [ptr, ctypes.POINTER(ctypes.c_int32 * 12)]),
        "hb_set_add": (hb, None, [ptr, uint]),
        "hb_subset_input_create_or_fail": (subset, ptr, []),
        "hb_subset_input_glyph_set": (subset, ptr, [ptr]),
        "hb_subset_input_set_flags": (subset, None, [ptr, uint]),
        "hb_subset_input_destroy": (subset, None, [ptr]),
        "hb_subset_or_fail": (subset, ptr, [ptr, ptr]),
    }
    functions = {}
    for name, (library, restype, argtypes) in signatures.items():
        function = getattr(library, name)
        function.restype, function.argtypes = restype, argtypes
        functions[name] = function
    return functions


# hb-subset.h: keep glyph ids (content streams are written before the font is subset), no
# hinting, no subroutines (what WeasyPrint asks for too).
SUBSET_FLAGS = 0x1 | 0x2 | 0x4


@cache
def _font_file(family):
    """(path, index in the collection) of an installed font family (fontconfig)."""
    found = subprocess.run(
        ["fc-match", "-f", "%{file}\n%{index}", family], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    return found[0], int(found[1] or 0)


class FontFile:
    """A font file opened with HarfBuzz, kept for the life of the process (read only)."""

    def __init__(self, family):
        self.family = family
        self.path, self.index = _font_file(family)
        hb = _harfbuzz()
        blob = hb["hb_blob_create_from_file"](self.path.encode())
        self.face = hb["hb_face_create"](blob, self.index)
        hb["hb_blob_destroy"](blob)
        self.font = hb["hb_font_create"](self.face)
        self.upem = hb["hb_face_get_upem"](self.face)
        extents = (ctypes.c_int32 * 12)()
        hb["hb_font_get_h_extents"](self.font, ctypes.byref(extents))
        self.ascent = round(extents[0] * 1000 / self.upem)
        self.descent = round(extents[1] * 1000 / self.upem)
        self._glyphs = {}

    def glyph(self, char):
        """(glyph id, advance in thousandths of the size) of `char`, or None if not covered."""
        if char not in self._glyphs:
            hb, gid = _harfbuzz(), ctypes.c_uint()
            found = hb["hb_font_get_nominal_glyph"](self.font, ord(char), ctypes.byref(gid))
            advance = hb["hb_font_get_glyph_h_advance"](self.font, gid.value) if found else 0
            self._glyphs[char] = (gid.value, advance * 1000 / self.upem) if found else None
        return self._glyphs[char]

    def subset(self, gids):
        """The font program holding only `gids` (at their own ids)."""
        hb = _harfbuzz()
        request = hb["hb_subset_input_create_or_fail"]()
        glyph_set = hb["hb_subset_input_glyph_set"](request)
        for gid in {0, *gids}:
            hb["hb_set_add"](glyph_set, gid)
        hb["hb_subset_input_set_flags"](request, SUBSET_FLAGS)
        face = hb["hb_subset_or_fail"](self.face, request)
        hb["hb_subset_input_destroy"](request)
        if not face:
            raise RuntimeError(f"HarfBuzz could not subset {self.family}")
        blob = hb["hb_face_reference_blob"](face)
        length = ctypes.c_uint()
        data = ctypes.string_at(hb["hb_blob_get_data"](blob, ctypes.byref(length)), length.value)
        hb["hb_blob_destroy"](blob)
        hb["hb_face_destroy"](face)
        return data


@cache
def _font_files(families):
    return tuple(FontFile(family) for family in families)


class Fonts:
    """The document's fonts: each face's glyphs used so far, for the subset written at the end.
    A character one face lacks is taken from the next face that has it."""

    KEYS = ("serif", "sans", "kai")

    def __init__(self):
        configured = fonts()  # raises CJKFontMissing, with its explanation, if none is installed
        families = [str(configured[key]).strip('"') for key in self.KEYS]
        distinct = list(dict.fromkeys(families))
        self.files = _font_files(tuple(distinct))
        # Each key's own face first, then the others for the characters it lacks.
        self.order = {}
        for key, family in zip(self.KEYS, families, strict=True):
            first = distinct.index(family)
            self.order[key] = [first] + [i for i in range(len(distinct)) if i != first]
        self.used = [{} for file in self.files]  # per face: {glyph id: the character it shows}
        self._runs = {}

    def runs(self, key, text):
        """`text` as runs of one face: [(face number, hex glyph ids, advance)]."""
        cache_key = (key, text)
        if cache_key in self._runs:
            return self._runs[cache_key]
        runs = []
        for char in text:
            for number in self.order[key]:
                glyph = self.files[number].glyph(char)
                if glyph:
                    break
            else:  # no face has it: the first one's empty box
                number, glyph = self.order[key][0], (0, 1000)
            gid, advance = glyph
            if gid:
                self.used[number].setdefault(gid, char)
            if runs and runs[-1][0] == number:
                runs[-1] = (number, runs[-1][1] + f"{gid:04x}", runs[-1][2] + advance)
            else:
                runs.append((number, f"{gid:04x}", advance))
        if len(self._runs) < 10_000:  # labels and repeated values; names mostly differ
            self._runs[cache_key] = runs
        return runs

    def width(self, text, style):
        advance = sum(run[2] for run in self.runs(style.font, text))
        return advance * style.size / 1000 + style.spacing * style.size * max(len(text) - 1, 0)


class Style(NamedTuple):
    font: str  # a key of Fonts
    size: float
    color: str = "0 g"
    bold: bool = False  # drawn with an outline, as WeasyPrint fakes bold for a font without it
    spacing: float = 0.0  # letter spacing, in em


class Canvas:
    """Drawing operators of one page or form; coordinates in points from the top left."""

    def __init__(self, fonts, height):
        self.fonts, self.height, self.ops = fonts, height, []

    def fit(self, text, style, width, smallest=6.0):
        """(text, style) that fits `width`: smaller type down to `smallest`, then cut with …."""
        wide = self.fonts.width(text, style)
        if wide <= width:
            return text, style
        # A hair under the exact ratio, so that rounding never cuts text that fits.
        style = style._replace(size=max(smallest, style.size * width / wide * 0.999))
        while len(text) > 1 and self.fonts.width(text, style) > width:
            text = text[:-2] + "…"
        return text, style

    def text(self, x, baseline, text, style, *, align="left", width=0.0):
        """`text` on `baseline`, starting at x (left), ending at x + width (right) or centred in
        it; shrunk or cut to fit when a width is given."""
        if width:
            text, style = self.fit(text, style, width)
        if align != "left":
            room = width - self.fonts.width(text, style)
            x += room if align == "right" else room / 2
        # Outline and spacing are graphics state, which outlives ET: kept inside q … Q.
        special = style.bold or style.spacing
        ops = [f"q {style.color} BT" if special else f"{style.color} BT"]
        if style.bold:
            ops.append(f"{style.color.upper()} 2 Tr {style.size * 0.03:.2f} w")
        if style.spacing:
            ops.append(f"{style.spacing * style.size:.2f} Tc")
        ops.append(f"{x:.2f} {self.height - baseline:.2f} Td")
        for number, glyphs, _advance in self.fonts.runs(style.font, text):
            ops.append(f"/F{number} {style.size:.2f} Tf <{glyphs}> Tj")
        ops.append("ET Q" if special else "ET")
        self.ops.append(" ".join(ops))

    def rule(self, x, top, width, thickness, gray):
        y = self.height - top
        self.ops.append(f"{gray} G {thickness} w {x:.2f} {y:.2f} m {x + width:.2f} {y:.2f} l S")

    def data(self):
        return "\n".join(self.ops).encode()


class PdfFile:
    """A PDF written object by object to a binary file: only the objects' offsets and the
    pages' numbers stay in memory. Fonts are written last, once every glyph is known."""

    def __init__(self, handle, fonts):
        self.handle, self.fonts, self.offsets, self.pages = handle, fonts, {}, []
        self.position = 0
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.catalog, self.page_tree, self.font_dictionary = (self.reserve() for _ in range(3))
        self.font_objects = [self.reserve() for _ in fonts.files]
        self.resources = b"<< /Font %d 0 R >>" % self.font_dictionary

    def _write(self, data):
        self.handle.write(data)
        self.position += len(data)

    def reserve(self):
        number = len(self.offsets) + 1
        self.offsets[number] = None
        return number

    def object(self, number, body):
        self.offsets[number] = self.position
        self._write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    def stream(self, data, extra=b""):
        number, data = self.reserve(), zlib.compress(data, 6)
        body = b"<<%s /Filter /FlateDecode /Length %d>>\nstream\n%s\nendstream"
        self.object(number, body % (extra, len(data), data))
        return number

    def form(self, canvas, width, height):
        """A form XObject of `canvas` (drawn once, stamped on each card)."""
        extra = b" /Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] /Resources %s"
        return self.stream(canvas.data(), extra % (width, height, self.resources))

    def page(self, canvas, forms=None):
        contents = self.stream(canvas.data())
        resources = self.resources
        if forms:
            named = b" ".join(b"/%s %d 0 R" % (name.encode(), ref) for name, ref in forms.items())
            resources = b"<< /Font %d 0 R /XObject << %s >> >>" % (self.font_dictionary, named)
        number = self.reserve()
        page = b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] /Resources %s "
        page += b"/Contents %d 0 R >>"
        self.object(number, page % (self.page_tree, PAGE_WIDTH, PAGE_HEIGHT, resources, contents))
        self.pages.append(number)

    def close(self, title):
        fonts = b" ".join(b"/F%d %d 0 R" % (i, ref) for i, ref in enumerate(self.font_objects))
        self.object(self.font_dictionary, b"<< %s >>" % fonts)
        for number, file in enumerate(self.fonts.files):
            self._font(self.font_objects[number], file, self.fonts.used[number])
        kids = b" ".join(b"%d 0 R" % page for page in self.pages)
        self.object(
            self.page_tree, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(self.pages))
        )
        self.object(
            self.catalog, b"<< /Type /Catalog /Pages %d 0 R /Lang (zh-CN) >>" % self.page_tree
        )
        info = self.reserve()
        self.object(info, b"<< /Title <feff%s> >>" % title.encode("utf-16-be").hex().encode())
        xref = self.position
        lines = [b"xref", b"0 %d" % (len(self.offsets) + 1), b"0000000000 65535 f "]
        lines += [b"%010d 00000 n " % self.offsets[n] for n in range(1, len(self.offsets) + 1)]
        trailer = b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        self._write(b"\n".join(lines) + b"\n")
        self._write(trailer % (len(self.offsets) + 1, self.catalog, info, xref))

    def _font(self, number, file, used):
        """A Type 0 font of the glyphs `used` ({glyph id: character}) of `file`."""
        program = file.subset(used)
        opentype = program[:4] == b"OTTO"  # CFF outlines (Noto CJK); else TrueType (AR PL)
        tag = "".join(
            chr(65 + b % 26) for b in hashlib.md5(repr(sorted(used)).encode()).digest()[:6]
        )
        name = f"/{tag}+{file.family.replace(' ', '-')}".encode()
        if opentype:
            program_ref = self.stream(program, b" /Subtype /OpenType")
        else:
            program_ref = self.stream(program, b" /Length1 %d" % len(program))
        descriptor = self.reserve()
        self.object(
            descriptor,
            b"<< /Type /FontDescriptor /FontName %s /Flags 4 /FontBBox [0 %d 1000 %d] "
            b"/ItalicAngle 0 /Ascent %d /Descent %d /CapHeight %d /StemV 80 /FontFile%d %d 0 R >>"
            % (
                name,
                file.descent,
                file.ascent,
                file.ascent,
                file.descent,
                file.ascent,
                3 if opentype else 2,
                program_ref,
            ),
        )
        gids = sorted(used)
        widths = b" ".join(b"%d [%d]" % (gid, round(file.glyph(used[gid])[1])) for gid in gids)
        cid_font = self.reserve()
        self.object(
            cid_font,
            b"<< /Type /Font /Subtype /CIDFontType%d /BaseFont %s /CIDSystemInfo << /Registry "
            b"(Adobe) /Ordering (Identity) /Supplement 0 >> /CIDToGIDMap /Identity /W [%s] "
            b"/FontDescriptor %d 0 R >>" % (0 if opentype else 2, name, widths, descriptor),
        )
        to_unicode = self.stream(_to_unicode(used))
        self.object(
            number,
            b"<< /Type /Font /Subtype /Type0 /BaseFont %s /Encoding /Identity-H "
            b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (name, cid_font, to_unicode),
        )


def _to_unicode(used):
    """The CMap from glyph ids to text, so the PDF's text can be copied and searched."""
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <ffff> endcodespacerange",
    ]
    items = sorted(used.items())
    for start in range(0, len(items), 100):
        batch = items[start : start + 100]
        lines.append(f"{len(batch)} beginbfchar")
        lines += [f"<{gid:04x}> <{char.encode('utf-16-be').hex()}>" for gid, char in batch]
        lines.append("endbfchar")
    lines.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    return "\n".join(lines).encode()


def _baseline(top, line_height, style):
    """The baseline that centres a line of CJK text (its glyphs sit about 0.38 em above the
    baseline on average) in a line box starting at `top`."""
    return top + line_height / 2 + 0.38 * style.size


def _footer(canvas, text):
    canvas.text(
        0, PAGE_HEIGHT - 8 * MM, text, Style("sans", 9, "0.267 g"), align="center", width=PAGE_WIDTH
    )


class CardSheet:
    """Six voter cards to an A4 page (two across, three down), each 89 × 80 mm with a dashed
    frame to cut along."""

    PER_PAGE = 6
    WIDTH, HEIGHT = 89 * MM, 80 * MM
    LEFT, TOP, GAP_X, GAP_Y = 12 * MM, 12 * MM, 2 * MM, 5 * MM
    PAD_X, KEY_WIDTH = 6 * MM, 24 * MM
    KEY = Style("sans", 9, "0.2 g")
    VALUE = Style("serif", 10.5)
    NAME = Style("kai", 14)
    ROWS_TOP, ROW, NAME_ROW = 23 * MM, 7 * MM, 8 * MM

    def __init__(self, pdf, fonts, district):
        self.pdf, self.fonts = pdf, fonts
        self.value_x = self.PAD_X + self.KEY_WIDTH
        self.value_width = self.WIDTH - self.value_x - self.PAD_X
        self.form = pdf.form(self._fixed_part(district), self.WIDTH, self.HEIGHT)

    def _row(self, canvas, left, top, row, text, style=None):
        """`text` in the value column of row `row` (0: the name) of the card at (left, top);
        with `style`, in the label column. A label shares its value's baseline."""
        value_style = self.NAME if row == 0 else self.VALUE
        row_top = top + self.ROWS_TOP + (row and self.NAME_ROW + (row - 1) * self.ROW)
        baseline = _baseline(row_top, self.NAME_ROW if row == 0 else self.ROW, value_style)
        if style:
            canvas.text(left + self.PAD_X, baseline, text, style, width=self.KEY_WIDTH)
        else:
            canvas.text(left + self.value_x, baseline, text, value_style, width=self.value_width)

    def _fixed_part(self, district):
        election = district.election
        card = Canvas(self.fonts, self.HEIGHT)
        card.ops.append(
            f"[3 2] 0 d 0.467 G 1 w 0.5 0.5 {self.WIDTH - 1:.2f} {self.HEIGHT - 1:.2f} re S [] 0 d"
        )
        inner = self.WIDTH - 2 * self.PAD_X
        title = Style("kai", 20, "0.69 0 0 rg", bold=True, spacing=0.4)
        baseline = _baseline(5 * MM, 9.2 * MM, title)
        card.text(self.PAD_X, baseline, _("Voter card"), title, align="center", width=inner)
        small = Style("serif", 9.5)
        baseline = _baseline(15.2 * MM, 4.9 * MM, small)
        card.text(
            self.PAD_X, baseline, _one_line(election.name), small, align="center", width=inner
        )
        labels = [_("name"), _("ID number"), _("district"), _("card number")]
        labels += [_("polling station"), _("election day")]
        for row, label in enumerate(labels):
            self._row(card, 0, 0, row, label, self.KEY)
        self._row(card, 0, 0, 2, _one_line(district.name))
        self._row(card, 0, 0, 4, _one_line(_polling_station(district)) or "—")
        self._row(card, 0, 0, 5, official_date(election.election_day))
        return card

    def page(self, cards, number, total):
        """One page of up to six cards: [(name, masked ID number, card number)]."""
        canvas = Canvas(self.fonts, PAGE_HEIGHT)
        for place, (name, id_number, card_number) in enumerate(cards):
            left = self.LEFT + (place % 2) * (self.WIDTH + self.GAP_X)
            top = self.TOP + (place // 2) * (self.HEIGHT + self.GAP_Y)
            bottom = PAGE_HEIGHT - top - self.HEIGHT
            canvas.ops.append(f"q 1 0 0 1 {left:.2f} {bottom:.2f} cm /Card Do Q")
            self._row(canvas, left, top, 0, _one_line(name))
            self._row(canvas, left, top, 1, id_number)
            self._row(canvas, left, top, 3, card_number)
        _footer(canvas, f"— {number} / {total} —")
        self.pdf.page(canvas, {"Card": self.form})


def _write_cards(pdf, fonts, district):
    count = selectors.district_roll(district=district).count()
    if not count:
        canvas = Canvas(fonts, PAGE_HEIGHT)
        canvas.text(12 * MM, 20 * MM, _("No voters on this district's roll."), Style("serif", 10.5))
        _footer(canvas, "— 1 / 1 —")
        pdf.page(canvas)
        return
    sheet = CardSheet(pdf, fonts, district)
    total = math.ceil(count / CardSheet.PER_PAGE)
    rows = selectors.district_roll(district=district).values_list("name", "id_number")
    cards, number = [], 0
    for position, (name, id_number) in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
        card_number = selectors.voter_card_number(district=district, position=position)
        cards.append((name, idnumbers.mask(id_number), card_number))
        if len(cards) == CardSheet.PER_PAGE:
            number += 1
            sheet.page(cards, number, max(total, number))
            cards = []
    if cards:
        sheet.page(cards, number + 1, max(total, number + 1))


class RollPages:
    """The published roll of a district: a title block on page 1, then one ruled line a voter
    under column heads repeated on every page, then the closing note and the signature, which
    always share their page with the last voters."""

    LEFT, WIDTH = 15 * MM, 180 * MM
    TOP, BOTTOM = 24 * MM, PAGE_HEIGHT - 18 * MM
    ROW = 7.4 * MM
    FIRST_ROW_TOP = 66 * MM  # below the title block of page 1
    # (left edge, width) of number, name, gender, ID number, address
    COLUMNS = [(1, 15), (17, 33), (51, 12), (64, 40), (105, 75)]
    TITLE = Style("sans", 18, bold=True)
    SUBTITLE = Style("serif", 11)
    HEAD = Style("sans", 10, bold=True)
    LINE = Style("serif", 10.5)
    NOTE = Style("serif", 10)

    def __init__(self, pdf, fonts, district, count):
        self.pdf, self.fonts, self.district, self.count = pdf, fonts, district, count
        election = district.election
        self.subtitle = (
            f"{_one_line(election.name)} · {_one_line(district.name)}（{district.code}）"
        )
        if district.area:
            self.subtitle += f" · {_one_line(district.area)}"
        note = _(
            "Anyone who objects to this roll may raise it with the election committee, "
            "which decides within %(days)s days."
        ) % {"days": 3}
        self.note_lines = self._wrap(note, self.NOTE, self.WIDTH)
        self.signature = [
            _one_line(election.name) + _(" election committee"),
            official_date(roll_publication_date(election)),
        ]
        # The closing block: 6 mm, the note's lines, 10 mm, two lines of signature.
        self.closing = 6 * MM + len(self.note_lines) * 5.2 * MM + 10 * MM + 2 * 5.4 * MM
        self.total = self._pages(count)
        self.number, self.canvas, self.top = 0, None, 0.0

    def _wrap(self, text, style, width):
        """Lines of `text` no wider than `width`; Chinese text breaks between any characters."""
        lines, line = [], ""
        for char in text:
            if line and self.fonts.width(line + char, style) > width:
                lines.append(line)
                line = ""
            line += char
        return [*lines, line] if line else lines

    def _breaks_before(self, top, last):
        """Whether a row starting at `top` goes to a new page: it does not fit, or it is the
        last and the closing block does not fit after it."""
        room = self.BOTTOM - top - self.ROW
        return room < 0 or (last and room < self.closing)

    def _pages(self, count):
        """How many pages `count` voters take, by the rule the lines are laid out with."""
        pages, top = 1, self.FIRST_ROW_TOP
        for position in range(1, count + 1):
            if self._breaks_before(top, position == count):
                pages, top = pages + 1, self.TOP
            top += self.ROW
        return pages

    def _new_page(self):
        if self.canvas:
            self._finish_page()
        self.number += 1
        self.canvas = Canvas(self.fonts, PAGE_HEIGHT)
        if self.number == 1:
            day = official_date(self.district.election.election_day)
            summary = _("Election day %(day)s; %(count)s voters, listed by surname strokes.")
            self._across(self.TOP, 8.3 * MM, _("Published voter roll"), self.TITLE)
            self._across(34.3 * MM, 5.6 * MM, self.subtitle, self.SUBTITLE)
            self._across(
                44.9 * MM, 5.6 * MM, summary % {"day": day, "count": self.count}, self.SUBTITLE
            )
            self._heads(59 * MM)
            self.top = self.FIRST_ROW_TOP
        else:
            self._heads(self.TOP - 6.6 * MM)
            self.top = self.TOP

    def _across(self, top, height, text, style, align="center"):
        """One line across the page's width, in a line box `height` high starting at `top`."""
        baseline = _baseline(top, height, style)
        self.canvas.text(self.LEFT, baseline, text, style, align=align, width=self.WIDTH)

    def _heads(self, top):
        heads = [_("No."), _("name"), _("gender"), _("ID number"), _("address")]
        baseline = _baseline(top, 5.4 * MM, self.HEAD)
        for (left, width), head in zip(self.COLUMNS, heads, strict=True):
            self.canvas.text(self.LEFT + left * MM, baseline, head, self.HEAD, width=width * MM)
        self.canvas.rule(self.LEFT, top + 6.4 * MM, self.WIDTH, 1, 0)

    def _finish_page(self):
        footer = Style("sans", 8.5, "0.267 g")
        baseline = PAGE_HEIGHT - 8 * MM
        self.canvas.text(self.LEFT, baseline, self.subtitle, footer, width=140 * MM)
        number = f"{self.number} / {max(self.total, self.number)}"
        self.canvas.text(
            self.LEFT, baseline, number, Style("sans", 9), align="right", width=self.WIDTH
        )
        self.pdf.page(self.canvas)

    def line(self, values, last):
        """One voter's line: (number, name, gender, masked ID number, address)."""
        if not self.canvas or self._breaks_before(self.top, last):
            self._new_page()
        baseline = _baseline(self.top, self.ROW, self.LINE)
        for (left, width), value in zip(self.COLUMNS, values, strict=True):
            self.canvas.text(self.LEFT + left * MM, baseline, value, self.LINE, width=width * MM)
        self.top += self.ROW
        self.canvas.rule(self.LEFT, self.top, self.WIDTH, 0.5, 0.6)

    def close(self):
        if not self.canvas:  # nobody on the roll: the title block and the closing block
            self._new_page()
        top = self.top + 6 * MM
        for text in self.note_lines:
            self.canvas.text(self.LEFT, _baseline(top, 5.2 * MM, self.NOTE), text, self.NOTE)
            top += 5.2 * MM
        top += 10 * MM
        for text in self.signature:
            self._across(top, 5.4 * MM, text, self.LINE, align="right")
            top += 5.4 * MM
        self._finish_page()


def _write_roll(pdf, fonts, district):
    roll = selectors.district_roll(district=district)
    pages = RollPages(pdf, fonts, district, roll.count())
    genders = dict(Gender.choices)
    rows = roll.values_list("name", "gender", "id_number", "address").iterator(chunk_size=CHUNK)
    # One row of look-ahead: the last voter's line must know it is the last.
    current = next(rows, None)
    position = 0
    while current is not None:
        following = next(rows, None)
        position += 1
        name, gender, id_number, address = current
        values = (
            str(position),
            _one_line(name),
            str(genders.get(gender, "")),
            idnumbers.mask(id_number),
            _one_line(address),
        )
        pages.line(values, last=following is None)
        current = following
    pages.close()


WRITERS = {ROLL: _write_roll, CARDS: _write_cards}


def document_write(document, districts, handle, *, title, progress=None):
    """Write the PDF of `document` for `districts` to the binary file `handle`, one district
    after the other, each starting on a new page with its own page numbers;
    `progress(phase, done, total)` after each district."""
    if not districts:
        raise ValidationError(_("The election has no districts yet."))
    document_fonts = Fonts()
    pdf = PdfFile(handle, document_fonts)
    for done, district in enumerate(districts, start=1):
        WRITERS[document](pdf, document_fonts, district)
        if progress:
            progress("districts", done, len(districts))
    pdf.close(title)


def document_filename(document, election, district=None):
    place = district.name if district else _("whole township")
    return f"{election.name}-{place}-{FILE_WORDS[document]}.pdf"
