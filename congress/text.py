"""Official text, in one place for every app: Chinese numerals both ways (第十八届), full-width
digits as offices type them, dates as documents print them (2024年12月20日), what the township
is called (乡 or 镇) and phone numbers masked. Pure functions of their arguments: no models, no
database, so any app at any floor can use them."""

import re

from django.utils.translation import gettext_lazy as _

DIGITS = "零一二三四五六七八九"
# What parse_chinese_number reads: 〇 and 两 as offices also write them (二〇二五, 两百).
DIGIT_VALUES = {c: i for i, c in enumerate(DIGITS)} | {"〇": 0, "两": 2}
UNIT_VALUES = {"十": 10, "百": 100, "千": 1000}

# Full-width digits (０１２) as Chinese input methods type them → ASCII: str.translate(this).
FULL_WIDTH_DIGITS = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９"}


def chinese_number(n: int) -> str:
    """Write 0 <= n < 10000 in Chinese numerals: 10 → 十, 17 → 十七, 105 → 一百零五. Larger
    numbers, which the models refuse to store, come out in Arabic digits, so that a form
    showing back what was typed never fails on one."""
    if n < 0:
        raise ValueError(f"{n} is negative")
    if n >= 10000:
        return str(n)
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n - 10] if n > 10 else "")
    parts = []
    pending_zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if pending_zero:
                parts.append("零")
            parts.append(DIGITS[digit] + unit)
            pending_zero = False
        elif parts:
            pending_zero = True
    return "".join(parts)


def parse_chinese_number(text):
    """The value of a number in Chinese numerals: 十八 → 18, 一百零五 → 105, 两百 → 200, and
    digit by digit as years are written: 二〇二五 → 2025. None when `text` is not one (empty,
    or any other character)."""
    if not text or any(c not in DIGIT_VALUES and c not in UNIT_VALUES for c in text):
        return None
    if not any(c in UNIT_VALUES for c in text):
        return int("".join(str(DIGIT_VALUES[c]) for c in text))
    number, digit = 0, None
    for char in text:
        if char in DIGIT_VALUES:
            digit = DIGIT_VALUES[char]
        else:
            number += (1 if digit is None else digit) * UNIT_VALUES[char]
            digit = None
    return number + (digit or 0)


def official_date(day):
    """A date as official documents print it, in Arabic numerals without padding: 2024年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def place_word(township_name):
    """What official text calls the township (乡人大主席团, 镇长, 全镇): 乡 for a 乡 (a 民族乡
    too), else 镇."""
    return "乡" if (township_name or "").strip().endswith("乡") else "镇"


# The posts the township congress elects, as they are stored (elections' CongressPost).
CHAIR = "chair"
VICE_CHAIR = "vice_chair"
HEAD = "head"
DEPUTY_HEAD = "deputy_head"
PRESIDIUM_MEMBER = "presidium_member"

# A post as summaries write it, after the place word: 接受了王芳辞去副镇长职务的请求.
POST_WORDS = {
    CHAIR: _("%(place)s congress chair"),
    VICE_CHAIR: _("%(place)s congress vice-chair"),
    HEAD: _("%(place)s head"),
    DEPUTY_HEAD: _("deputy %(place)s head"),
    PRESIDIUM_MEMBER: _("member of the %(place)s congress presidium"),
}
# A deputy's own seat, as a resignation of it is written: 张伟辞去镇人大代表职务.
SEAT_WORDS = _("%(place)s congress deputy")


def post_words(post, place):
    """镇人大主席, 副镇长 … for a post; 镇人大代表 for a deputy's own seat (no post)."""
    return str((POST_WORDS[post] if post else SEAT_WORDS) % {"place": place})


def post_title(post, township):
    """The post as documents print it: 青山镇人民代表大会主席, 青山镇人民政府副镇长 …"""
    word = place_word(township)
    return {
        CHAIR: f"{township}人民代表大会主席",
        VICE_CHAIR: f"{township}人民代表大会副主席",
        HEAD: f"{township}人民政府{word}长",
        DEPUTY_HEAD: f"{township}人民政府副{word}长",
        PRESIDIUM_MEMBER: f"{township}人民代表大会主席团成员",
    }[post]


# Phone numbers. A number the portal holds in a field (an opinion's phone) is shown to staff who
# do not call back as 138****5678: enough to recognise a caller, not to dial. Numbers written
# inside a text that goes public (a reply on the public pages) are hidden whole, since nobody
# there needs to recognise them (PIPL: the least personal data the purpose needs).

# Mobile numbers (1xx xxxx xxxx) and landlines (0xx(x)-xxxxxxx(x)), not inside longer numbers.
PHONE_PATTERN = re.compile(r"(?<!\d)(1\d{2})\d{4}(\d{4})(?!\d)|(?<!\d)(0\d{2,3}-?)\d{7,8}(?!\d)")


def mask_phone(value):
    """138****5678: the first three and last four digits; anything shorter is hidden whole."""
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def without_phones(text):
    """A text for the public with every phone number in it replaced by ***."""
    return PHONE_PATTERN.sub("***", text)
