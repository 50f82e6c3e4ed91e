"""The pages: the voter's form with its limits, honeypot and file checks; the tracking page;
the handlers' pages per role, with phones masked; codes, QR images and the poster."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from congress.roles import Role
from intake import services
from intake.models import Attempt, Code, Opinion, Status
from tests.congress.test_files import blank_png, phone_photo
from tests.factories import DeputyFactory, UserFactory
from tests.form_token import form_token
from tests.intake.conftest import TEXT, submit
from tests.pdf_utils import pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db

FORM = {
    "topic": "urban_rural",
    "text": TEXT,
    "village": "河东村",
    "name": "张大爷",
    "phone": "138 1234 5678",
    "consent": "on",
    "website": "",
}


def _post(client, code, address="203.0.113.20", **changes):
    data = {**FORM, **changes}
    return client.post(reverse("intake_public", args=[code.token]), data, REMOTE_ADDR=address)


def _png(size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, "PNG")
    return SimpleUploadedFile("现场.png", buffer.getvalue(), content_type="image/png")


def test_a_voter_sends_an_opinion_and_gets_a_tracking_code(client, world):
    page = client.get(reverse("intake_public", args=[world.code_a.token]))
    assert page.status_code == 200 and "向王建国代表反映意见" in page.content.decode()
    response = _post(client, world.code_a, photo=_png())
    opinion = Opinion.objects.get()
    assert response.status_code == 302
    sent = client.get(response["Location"])
    text = sent.content.decode()
    code = f"{opinion.tracking_code[:4]}-{opinion.tracking_code[4:]}"
    assert code in text and reverse("intake_track", args=[opinion.tracking_code]) in text
    assert opinion.phone == "13812345678" and opinion.photo
    assert opinion.deputy == world.deputy_a


def test_a_double_tap_on_send_keeps_one_opinion_with_one_tracking_code(client, world):
    """Issue 25: the same form sent twice (a slow phone, a second tap) makes one opinion, and
    both sendings lead to its tracking code; the second counts against no limit."""
    url = reverse("intake_public", args=[world.code_a.token])
    token = form_token(client, url)
    first, second = (_post(client, world.code_a, form_token=token) for _ in range(2))
    opinion = Opinion.objects.get()
    assert first["Location"] == second["Location"]
    assert opinion.tracking_code in first["Location"]
    assert Attempt.objects.filter(scope=Attempt.Scope.ADDRESS).count() == 1


def test_the_form_refuses_a_bad_phone_and_a_missing_consent(client, world):
    response = _post(client, world.code_a, phone="0571-1234567", consent="")
    text = response.content.decode()
    assert response.status_code == 200 and not Opinion.objects.exists()
    assert "请填写11位手机号" in text and "这个字段是必填项" in text


def test_the_form_refuses_too_short_and_too_long_texts(client, world):
    assert "text" in _post(client, world.code_a, text="路灯坏了").context["form"].errors  # 4
    assert "text" in _post(client, world.code_a, text="字" * 1001).context["form"].errors
    _post(client, world.code_a, text="字" * 1000)
    _post(client, world.code_a, address="203.0.113.21", text="路灯坏了两个多月了")  # 9 chars
    assert Opinion.objects.count() == 1


def test_a_page_or_drawing_named_like_a_photo_is_refused(client, world):
    fake = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    response = _post(client, world.code_a, photo=fake)
    assert "photo" in response.context["form"].errors and not Opinion.objects.exists()
    text = SimpleUploadedFile("photo.png", b"just some text, not a picture", "image/png")
    assert "photo" in _post(client, world.code_a, photo=text).context["form"].errors


def test_a_photo_over_eight_megabytes_is_refused(client, world):
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (8 * 1024 * 1024), "image/png")
    response = _post(client, world.code_a, photo=big)
    assert "照片不能超过8MB" in response.content.decode() and not Opinion.objects.exists()
    exactly = _png()
    assert _post(client, world.code_a, photo=exactly).status_code == 302


def test_a_voters_photo_is_kept_as_a_smaller_copy_without_the_place_it_was_taken(client, world):
    photo = SimpleUploadedFile("现场.jpg", phone_photo(), content_type="image/jpeg")
    assert _post(client, world.code_a, photo=photo).status_code == 302
    with Opinion.objects.get().photo.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (1500, 2000) and not image.getexif()


def test_a_decompression_bomb_is_refused_as_a_photo_in_chinese(client, world):
    bomb = SimpleUploadedFile("现场.png", blank_png(12_000, 12_000), content_type="image/png")
    response = _post(client, world.code_a, photo=bomb)
    assert response.status_code == 200 and not Opinion.objects.exists()
    assert "“现场.png”超过5000万像素" in response.content.decode()


def test_the_sixth_submission_from_one_address_is_refused_in_chinese(client, world, settings):
    settings.INTAKE_LIMIT_PER_ADDRESS = 5
    for _ in range(5):
        assert _post(client, world.code_a, address="203.0.113.30").status_code == 302
    refused = _post(client, world.code_a, address="203.0.113.30")
    assert refused.status_code == 429
    assert "同一网络短时间内提交的意见过多" in refused.content.decode()
    assert Opinion.objects.count() == 5
    assert _post(client, world.code_a, address="203.0.113.31").status_code == 302
    assert Opinion.objects.count() == 6


def test_the_honeypot_looks_successful_and_keeps_nothing(client, world):
    response = _post(client, world.code_a, website="http://spam.example/")
    assert response.status_code == 302
    assert "谢谢，您的意见已提交" in client.get(response["Location"]).content.decode()
    assert not Opinion.objects.exists()


def test_a_replaced_or_unknown_code_says_so(client, world):
    old_token = world.code_a.token
    services.code_regenerate(actor=world.secretary, code=world.code_a)
    replaced = client.get(reverse("intake_public", args=[old_token]))
    assert replaced.status_code == 410 and "已被新码替换" in replaced.content.decode()
    assert _post(client, world.code_a).status_code == 410
    assert not Opinion.objects.exists()
    assert client.get(reverse("intake_public", args=["nosuchtoken"])).status_code == 404


def test_the_tracking_page_shows_the_answer_and_takes_one_rating(client, world):
    opinion = submit(world.code_a)
    url = reverse("intake_track", args=[opinion.tracking_code])
    page = client.get(url).content.decode()
    assert "已收到" in page and "提交评价" not in page
    assert "13812345678" not in page and "张大爷" not in page
    services.opinion_answer(actor=world.user_a, opinion=opinion, answer="已联系村委会，本周修好。")
    page = client.get(url).content.decode()
    assert "已联系村委会，本周修好。" in page and "提交评价" in page
    rate = reverse("intake_track_rate", args=[opinion.tracking_code])
    assert client.post(rate, {"satisfied": "1"}).status_code == 302
    assert client.post(rate, {"satisfied": "0"}).status_code == 200  # refused, shown again
    opinion.refresh_from_db()
    assert opinion.satisfied is True
    # Typed by hand, in lower case with a dash.
    lookup = client.get(
        reverse("intake_track_lookup"),
        {"code": f"{opinion.tracking_code[:4].lower()}-{opinion.tracking_code[4:]}"},
    )
    assert lookup["Location"] == url


def test_failed_lookups_are_limited_per_address_and_a_right_code_always_gets_through(
    client, world, settings
):
    settings.INTAKE_LOOKUP_LIMIT = 3
    opinion = submit(world.code_a)
    url = reverse("intake_track", args=[opinion.tracking_code])
    wrong = reverse("intake_track", args=["ABCDEFGH"])
    here = {"REMOTE_ADDR": "203.0.113.9"}
    for _ in range(2):
        assert client.get(wrong, **here).status_code == 404
    for _ in range(5):  # found: never counted
        assert client.get(url, **here).status_code == 200
    refused = client.get(wrong, **here)  # the third failure
    assert refused.status_code == 404 and "没有找到这个查询码对应的意见" in refused.content.decode()
    refused = client.get(wrong, **here)
    assert refused.status_code == 429
    assert "同一网络查询次数过多，请一小时后再试。" in refused.content.decode()
    assert client.get(url, **here).status_code == 200  # the voter's own code still opens
    rate = reverse("intake_track_rate", args=[opinion.tracking_code])
    assert client.post(rate, {"satisfied": "1"}, **here).status_code == 200  # not yet answered
    assert client.get(wrong, REMOTE_ADDR="203.0.113.10").status_code == 404
    assert Attempt.objects.filter(scope="lookup").count() == 4


def test_the_deputy_sees_only_their_own_opinions(client, world):
    own = submit(world.code_a)
    other = submit(world.code_b)
    client.force_login(world.user_a)
    listing = client.get(reverse("opinion_list")).content.decode()
    assert reverse("opinion_detail", args=[own.pk]) in listing
    assert reverse("opinion_detail", args=[other.pk]) not in listing
    assert client.get(reverse("opinion_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("opinion_detail", args=[other.pk])).status_code == 404
    answer = reverse("opinion_step", args=[other.pk, "answer"])
    assert client.post(answer, {"answer-answer": "我来答复别人的。"}).status_code == 404
    assert Opinion.objects.get(pk=other.pk).status == Status.NEW
    # The staff filters are not theirs: ?deputy= shows nothing of another deputy.
    listing = client.get(reverse("opinion_list"), {"deputy": world.deputy_b.pk, "tab": "spam"})
    assert reverse("opinion_detail", args=[other.pk]) not in listing.content.decode()


@pytest.mark.parametrize("who", ["unit", "election"])
def test_unit_officers_and_election_staff_see_no_opinions(client, world, who):
    from congress.roles import Role
    from tests.factories import UserFactory

    user = world.unit if who == "unit" else UserFactory(role=Role.ELECTION_STAFF)
    opinion = submit(world.code_a)
    client.force_login(user)
    for url in (
        reverse("opinion_list"),
        reverse("opinion_detail", args=[opinion.pk]),
        reverse("code_list"),
        reverse("code_svg", args=[world.code_a.pk]),
        reverse("code_poster", args=[world.code_a.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_the_login(client, world):
    opinion = submit(world.code_a)
    for url in (
        reverse("opinion_list"),
        reverse("opinion_detail", args=[opinion.pk]),
        reverse("code_list"),
    ):
        assert reverse("login") in client.get(url)["Location"]


def test_phones_are_masked_except_for_the_one_who_calls_back(client, world):
    deputys = submit(world.code_a)
    stations = submit(world.code_station)
    url_d = reverse("opinion_detail", args=[deputys.pk])
    url_s = reverse("opinion_detail", args=[stations.pk])
    client.force_login(world.user_a)
    assert "13812345678" in client.get(url_d).content.decode()
    client.force_login(world.presidium)
    for url in (url_d, url_s):
        page = client.get(url).content.decode()
        assert "138****5678" in page and "13812345678" not in page
    client.force_login(world.secretary)
    assert "13812345678" not in client.get(url_d).content.decode()
    assert "13812345678" in client.get(url_s).content.decode()


def test_the_presidium_reads_but_takes_no_step(client, world):
    opinion = submit(world.code_station)
    client.force_login(world.presidium)
    page = client.get(reverse("opinion_detail", args=[opinion.pk])).content.decode()
    assert "发送答复" not in page
    response = client.post(
        reverse("opinion_step", args=[opinion.pk, "answer"]), {"answer-answer": "主席团来答复。"}
    )
    assert response.status_code == 403
    assert Opinion.objects.get(pk=opinion.pk).status == Status.NEW


def test_the_deputy_turns_an_opinion_into_a_draft_suggestion(client, world):
    opinion = submit(world.code_a)
    client.force_login(world.user_a)
    response = client.post(
        reverse("opinion_step", args=[opinion.pk, "suggestion"]),
        {"suggestion-title": "关于修复河东村路灯的建议"},
    )
    opinion.refresh_from_db()
    assert opinion.status == Status.SUGGESTION
    assert response["Location"] == reverse("my_proposal_edit", args=[opinion.proposal_id])


def test_an_empty_step_form_is_refused_in_words(client, world):
    opinion = submit(world.code_a)
    client.force_login(world.user_a)
    response = client.post(
        reverse("opinion_step", args=[opinion.pk, "answer"]), {"answer-answer": "好"}
    )
    assert response.status_code == 400 and "至少4个字" in response.content.decode()
    assert client.post(reverse("opinion_step", args=[opinion.pk, "nonsense"])).status_code == 404


def test_qr_images_and_poster_for_staff_and_the_own_deputy(client, world, tmp_path):
    world.deputy_a.photo = _png((60, 80))
    world.deputy_a.save()
    client.force_login(world.user_a)
    svg = client.get(reverse("code_svg", args=[world.code_a.pk]))
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content
    png = client.get(reverse("code_png", args=[world.code_a.pk]))
    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"
    assert client.get(reverse("code_svg", args=[world.code_b.pk])).status_code == 403
    poster = client.get(reverse("code_poster", args=[world.code_a.pk]))
    data = poster.content
    text = pdf_text(data, tmp_path)
    assert "王建国" in text and "扫码反映您的意见和诉求" in text
    assert "Type 3" not in pdf_fonts(data, tmp_path)
    client.force_login(world.secretary)
    station = client.get(reverse("code_poster", args=[world.code_station.pk]))
    text = pdf_text(station.content, tmp_path)
    assert "河东联络站" in text and "河东村村委会" in text and "每月10、20日" in text


def test_a_qr_code_holds_the_public_address(world, settings):
    from intake import qr

    settings.INTAKE_BASE_URL = "https://rd.example.gov.cn/"
    assert qr.public_url(world.code_a, "http://internal:8001/") == (
        f"https://rd.example.gov.cn/v/{world.code_a.token}/"
    )


def test_the_secretary_makes_missing_codes_and_replaces_a_lost_one(client, world):
    from tests.factories import DeputyFactory

    newcomer = DeputyFactory(name="新代表")
    client.force_login(world.secretary)
    assert "1名代表或联络站还没有二维码" in client.get(reverse("code_list")).content.decode()
    client.post(reverse("codes_generate"))
    assert Code.objects.filter(deputy=newcomer, active=True).exists()
    client.post(reverse("code_regenerate", args=[world.code_a.pk]))
    assert Code.objects.filter(deputy=world.deputy_a).count() == 2
    client.force_login(world.presidium)
    assert client.post(reverse("code_regenerate", args=[world.code_b.pk])).status_code == 403
    assert client.post(reverse("codes_generate")).status_code == 403


def test_the_deputys_record_shows_their_figures(client, world):
    opinion = submit(world.code_a)
    submit(world.code_b)
    services.opinion_answer(actor=world.user_a, opinion=opinion, answer="已联系村委会处理。")
    client.force_login(world.user_a)
    page = client.get(reverse("my_record"))
    panel = next(p for p in page.context["panels"])
    assert dict(panel.figures)["收到"] == 1 and dict(panel.figures)["已答复"] == 1


def test_the_menu_badge_counts_new_opinions(client, world):
    submit(world.code_a)
    submit(world.code_a)
    client.force_login(world.user_a)
    page = client.get(reverse("opinion_list")).content.decode()
    assert "群众意见" in page and '<span class="count">2</span>' in page.replace("\n", "")


def test_the_list_costs_the_same_queries_however_many_opinions(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.secretary)
    submit(world.code_a)
    submit(world.code_station)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("opinion_list"), {"tab": "all"})
    for _ in range(10):
        submit(world.code_b)
        submit(world.code_station)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("opinion_list"), {"tab": "all"}).status_code == 200
    assert len(many) == len(few)


def test_the_back_office_lists_of_codes_and_opinions_cost_the_same_however_many(client, world):
    """Each row names its deputy or station: read with the rows, not one query per row."""
    secretary = UserFactory(role=Role.SECRETARY, is_staff=True)
    client.force_login(secretary)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = [reverse("admin:intake_code_changelist"), reverse("admin:intake_opinion_changelist")]
    before = [queries(url) for url in urls]
    for number in range(4):
        DeputyFactory()
        submit(world.code_a, address=f"203.0.113.{number + 40}")
        submit(world.code_b, address=f"203.0.113.{number + 50}")
    services.codes_ensure_all(actor=secretary)
    assert [queries(url) for url in urls] == before
