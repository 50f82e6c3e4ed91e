"""How the spreadsheet machinery reads a clerk's words: header variants taken as the portal's
columns, and names of bodies written with or without the township's name, each reported."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congress.models import TownshipProfile
from congress.spreadsheets import COLUMN_ALIASES, NameIndex, import_file, name_key
from deputies.models import Deputy

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "written",
    [
        "主席团",
        "人大主席团",
        "镇人大主席团",
        "青山镇人大主席团",
        "青山人大主席团",
        "镇人民代表大会主席团",
    ],
)
def test_the_presidium_has_one_key_however_it_is_written(written):
    assert name_key(written, "青山镇") == name_key("主席团", "青山镇") == "主席团"


@pytest.mark.parametrize(
    ("written", "recorded"),
    [
        ("青山镇第一代表小组", "第一代表小组"),
        ("第一小组", "第一代表小组"),
        ("镇财政所", "财政所"),
        ("青山镇财政所", "财政所"),
        ("代表联络站", "青山镇人大代表联络站"),
        ("第 一 代表小组", "第一代表小组"),
    ],
)
def test_a_name_index_finds_the_recorded_name(written, recorded):
    index = NameIndex({recorded: "record", "第二代表小组": "other"}, township="青山镇")
    assert index.find(written) == ("record", recorded)


def test_a_name_index_refuses_what_could_be_several_and_misses_what_is_not_there():
    index = NameIndex({"财政所": 1, "镇财政所": 2}, township="青山镇")
    assert index.find("镇财政所") == (2, "镇财政所")  # the exact name wins
    with pytest.raises(ValueError, match="财政所、镇财政所"):
        index.find("青山镇财政所")
    assert index.find("水利站") == (None, None)
    # 石桥镇 is another township: its name is not dropped.
    assert index.find("石桥镇财政所") == (None, None)


def test_id_number_header_variants_are_read_and_reported(secretary):
    assert "身份证号码" in COLUMN_ALIASES["公民身份号码"]
    data = "姓名,性别,出生日期,身份证号,政治面貌,文化程度,职业类别\n"
    data += "张三,男,1975-06-01,330102197506010019,群众,大学,农民\n"
    report = import_file("deputies", data.encode(), "名册.csv", actor=secretary)
    assert report.ok, [str(p) for p in report.errors]
    assert report.new == 1
    assert Deputy.objects.get().id_number == "330102197506010019"
    assert "列“身份证号”按“公民身份号码”读取。" in report.notes


def test_a_variant_is_not_taken_when_the_file_has_the_column_itself(secretary):
    data = "姓名,性别,出生日期,公民身份号码,身份证号,政治面貌,文化程度,职业类别\n"
    data += "张三,男,1975-06-01,330102197506010019,旧号码,群众,大学,农民\n"
    report = import_file("deputies", data.encode(), "名册.csv", actor=secretary)
    assert report.ok, [str(p) for p in report.errors]
    assert report.notes == []


def test_the_import_page_shows_how_names_were_read(client, secretary):
    TownshipProfile.objects.update_or_create(pk=1, defaults={"name": "青山镇", "county": "江南县"})
    client.force_login(secretary)
    data = "日期,类型,主题,组织者,参加代表\n2024-03-05,视察,视察道路,青山镇人大主席团,\n"
    upload = SimpleUploadedFile("活动.csv", data.encode("utf-8-sig"), content_type="text/csv")
    response = client.post(reverse("data_import", args=["activities"]), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "“青山镇人大主席团”按“主席团”读取（第2行）" in page
