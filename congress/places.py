"""What official text calls the township, from its name: 乡 or 镇 (乡人大主席团, 镇长, 全镇)."""


def place_word(township_name):
    """乡 for a 乡 (a 民族乡 too), else 镇."""
    return "乡" if (township_name or "").strip().endswith("乡") else "镇"
