"""Names as official lists order them (surname strokes) and as pickers find them (pinyin)."""

import pytest

from congress.names import pinyin_keys, stroke_key, stroke_sort_key

NAMES_IN_ORDER = ["丁", "王", "王二", "王五", "李", "欧阳", "𠀀"]


def test_stroke_order_of_surnames_then_given_names():
    assert sorted(reversed(NAMES_IN_ORDER), key=stroke_key) == NAMES_IN_ORDER


def test_a_character_without_stroke_data_sorts_last():
    # 𠀀 (U+20000, CJK Extension B) is outside the data file.
    assert stroke_key("𠀀") > stroke_key("龘")
    assert stroke_sort_key("𠀀") > stroke_sort_key("龘")


def test_the_string_key_sorts_as_the_tuple_key():
    names = [*NAMES_IN_ORDER, "张三", "张", "龘", "𠀁", "王𠀀", "乙", "司马光"]
    assert sorted(names, key=stroke_sort_key) == sorted(names, key=stroke_key)


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("张三", ["zhangsan", "zs"]),
        ("王芳", ["wangfang", "wf"]),
        ("民政办", ["minzhengban", "mzb"]),
        ("代表12", ["daibiao", "db"]),  # digits and Latin letters give no pinyin
        ("", []),
    ],
)
def test_pinyin_keys_are_the_full_pinyin_and_the_initials(text, keys):
    # The common reading first; other readings of the surname may follow (王 also reads yù).
    assert pinyin_keys(text)[:2] == keys


@pytest.mark.parametrize(
    ("name", "key"), [("曾国藩", "zgf"), ("单雄", "shanxiong"), ("区强", "oq")]
)
def test_a_surname_is_found_by_its_surname_reading(name, key):
    assert key in pinyin_keys(name)
