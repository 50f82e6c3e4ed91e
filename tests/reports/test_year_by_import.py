"""A township's first half of 2011 built only from spreadsheets, written the way an office clerk
writes them (header variants, 男性/女性, dates in every form and as Excel date cells, the
presidium, groups, stations, units and sessions named as people name them), then the half-year
summary rendered: every one of the 21 key figures read back from the PDF equals the count made
by hand from the files below."""

import io
from datetime import date, datetime

import pytest
from django.db import transaction
from openpyxl import Workbook

from congress.roles import Role
from congress.spreadsheets import import_file
from reports import figures, rendering
from reports.selectors import data_document
from tests.factories import UserFactory, resident_id_number
from tests.pdf_utils import key_figure, pdf_text

pytestmark = pytest.mark.django_db


def csv(*lines):
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def xlsx(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# (name, 性别 as written, birth date, 代表小组 as written, 状态)
DEPUTIES = [
    ("张建国", "男性", date(1965, 3, 12), "青山镇第一代表小组", ""),
    ("李秀英", "女性", date(1972, 8, 1), "第一小组", ""),
    ("王强", "男", date(1980, 1, 23), "第一代表小组", ""),
    ("赵丽", "女", date(1985, 11, 5), "第二小组", ""),
    ("陈明", "男性", date(1969, 6, 30), "第二代表小组", ""),
    ("刘芳", "女性", date(1977, 2, 14), "第二小组", ""),
    ("周伟", "男", date(1974, 9, 9), "第一小组", ""),
    ("孙杰", "男", date(1962, 4, 18), "第二小组", "辞职(2011年5月3日)"),
]

# Every key figure of the half year, counted by hand from the files of `build`.
EXPECTED = {
    "代表总数": "7",  # eight deputies, 孙杰 resigned on 3 May
    "代表小组": "2",
    "代表联络站(点)": "1",
    "召开人代会": "2",  # the 7th and the extraordinary 8th session; the 6th was in 2010
    "召开主席团会议": "3",  # the 19th was in December 2010
    "收到议案": "1",
    "收到建议": "6",
    "其中闭会期间建议": "2",
    "已交办": "5",  # four of the session, one between sessions
    "已答复": "4",
    "已办结": "3",  # 满意, 基本满意, and the lapsed evaluation (未评价 closes the item)
    "办结率": "60.0",  # 3 of 5 assigned
    "按期答复率": "75.0",  # the reply of 20 June came after its deadline of 1 June
    "满意率": "66.7",  # 满意 and 基本满意 of three evaluated (one lapsed, 未评价)
    "组织视察": "2",  # the inspection of December 2010 does not count
    "组织调研": "1",
    "执法检查": "1",
    "代表培训": "1",
    "参加活动代表": "24",  # 3 + 4 + 2 + 3 + 7 + 2 + 3 present at the 2011 activities
    "接待选民": "35",  # the reception day's 接待选民人次
    "代表述职": "3",  # deputies, each once
}


def build(secretary):
    """Import every file of the half year, as the secretary, and fail on any problem."""

    def load(resource, data, filename, **options):
        report = import_file(resource, data, filename, actor=secretary, **options)
        assert report.ok, [str(p) for p in report.errors]
        return report

    load(
        "township",
        csv(
            "乡镇名称,县,常住人口,户数,村(社区)",
            "青山镇,江南县,23150,7420,青山村、石桥村、河东社区",
        ),
        "乡镇概况.csv",
    )
    load("terms", csv("届次,开始日期,结束日期", "第十七届,2007.12.28,"), "届次.csv")
    load(
        "sessions",
        xlsx(
            [
                ["青山镇人大会议一览"],
                ["届次", "次数", "类型", "开始日期", "结束日期"],
                ["十七", "第六次", "例会", datetime(2010, 2, 25), datetime(2010, 2, 26)],
                ["第十七届", "第七次", "例会", datetime(2011, 2, 20), datetime(2011, 2, 21)],
                ["17", "8", "临时", "2011年5月10日", "2011年5月10日"],
            ]
        ),
        "人代会.xlsx",
    )
    load(
        "meetings",
        csv(
            "届次,次数,日期,议题",
            "十七届,19,2010-12-20,研究人代会筹备",
            "十七届,20,2011-01-15,研究第七次会议筹备",
            "十七届,21,2011/2/10,研究代表建议交办",
            "十七届,22,2011.4.8,研究执法检查方案",
        ),
        "主席团会议.csv",
    )
    load("groups", csv("名称,联系区域", "第一代表小组,青山村", "第二代表小组,石桥村"), "小组.csv")
    deputy_rows = [
        ["姓名", "性别", "民族", "出生日期", "身份证号码", "政治面貌", "文化程度", "职业类别"]
        + ["代表层级", "代表小组", "状态"]
    ]
    for n, (name, gender, born, group, status) in enumerate(DEPUTIES, 1):
        sex = "M" if gender.startswith("男") else "F"
        deputy_rows.append(
            [name, gender, "汉族", born, resident_id_number(born, n, sex), "中共党员", "大学"]
            + ["农民", "乡镇", group, status]
        )
    load("deputies", xlsx(deputy_rows), "代表名册.xlsx")
    load(
        "stations",
        csv("名称,类型,地址,进站代表", "青山镇人大代表联络站,联络站,青山村文化楼,张建国、李秀英"),
        "联络站.csv",
    )
    load(
        "units",
        csv(
            "名称,类型,联系人,电话",
            "财政所,乡镇站所,吴会计,0571-1",
            "农业服务中心,乡镇站所,郑站长,0571-2",
        ),
        "承办单位.csv",
    )
    load(
        "activities",
        csv(
            "日期,类型,主题,组织者,参加代表,接待选民人次",
            "2010-12-10,视察,视察冬季防火,主席团,张建国,",
            "2011/3/15,视察,视察农村道路建设,镇人大主席团,张建国、李秀英、王强,",
            "2011.4.20,视察,视察学校安全,青山镇人大主席团,张建国、王强、赵丽、陈明,",
            "2011年5月12日,调研,调研茶叶产业,青山镇第一代表小组,李秀英、周伟,",
            "2011-06-02,执法检查,食品安全法执法检查,人大主席团,赵丽、陈明、刘芳,",
            "2011-03-01至2011-03-02,学习培训,代表履职培训,主席团,"
            "张建国、李秀英、王强、赵丽、陈明、刘芳、周伟,",
            "2011-05-20,接待选民,五月接待日,代表联络站,张建国、李秀英,35",
            "2011-06-15,述职,代表向选民述职,第二小组,赵丽、陈明、刘芳,",
        ),
        "代表活动.csv",
    )
    columns = "编号,类型,标题,内容,领衔代表,附议代表,提出日期,会议,类别,主办单位,协办单位,"
    columns += "交办日期,答复期限,答复日期,答复类别,代表评价"
    load(
        "proposals",
        csv(
            columns,
            "1,议案,关于修建青山大桥的议案,,张建国,李秀英、王强、赵丽、陈明,2011-02-20,"
            "十七届七次,交通,,,,,,,",
            "1,建议,关于整修村道的建议,,李秀英,,2011-02-20,第7次会议,交通,镇财政所,,"
            "2011-03-01,,2011-04-10,A,满意",
            "2,建议,关于扶持茶农的建议,,周伟,,2011/2/20,第十七届第七次会议,农业农村,"
            "青山镇农业服务中心,,2011-03-01,,2011-05-20,B,基本满意",
            "3,建议,关于增设路灯的建议,,王强,,2011-02-20,十七届七次,城乡建设,财政所,,"
            "2011-03-01,2011-06-01,2011-06-20,C,不满意",
            "4,建议,关于改善卫生院条件的建议,,赵丽,,2011-02-20,十七届七次,医疗卫生,财政所,,"
            "2011-03-01,,,,",
            "1,建议,关于清理河道的建议,,陈明,,2011年4月2日,闭会期间,生态环境,农业服务中心,,"
            "2011-04-05,,2011-05-05,A,未评价",
            "2,建议,关于修缮学校围墙的建议,,刘芳,,2011-06-10,闭会期间,教育,,,,,,,",
        ),
        "议案建议.csv",
    )


@pytest.fixture(scope="module")
def half_year(django_db_setup, django_db_blocker, tmp_path_factory):
    """The half-year summary of 2011 rendered once from the imported data (rolled back)."""
    tmp_path = tmp_path_factory.mktemp("imported")
    with django_db_blocker.unblock(), transaction.atomic():
        build(UserFactory(role=Role.SECRETARY))
        start, end = figures.period_for("half", 2011)
        pdf = rendering.pdf_bytes(data_document("half", 2011, today=date(2011, 7, 5)))
        result = {"text": pdf_text(pdf, tmp_path), "collected": figures.collect(start, end)}
        transaction.set_rollback(True)
    return result


@pytest.mark.parametrize("label", list(EXPECTED))
def test_each_key_figure_of_an_imported_half_year(half_year, label):
    assert key_figure(half_year["text"], label) == EXPECTED[label]


def test_the_hand_count_covers_every_key_figure(half_year):
    assert list(EXPECTED) == [str(f.label) for f in figures.KEY_FIGURES.values()]


def test_the_summary_is_headed_with_the_imported_township(half_year):
    flat = "".join(half_year["text"].split())
    assert "青山镇人大主席团2011年上半年工作总结" in flat
    assert "青山镇人民代表大会主席团" in flat
    assert "习近平新时代" not in flat  # wording that exists only from late 2017
