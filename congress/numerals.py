"""Chinese numerals as official documents write ordinals: 第十七届, 第二十一次."""

DIGITS = "零一二三四五六七八九"


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
