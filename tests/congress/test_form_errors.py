"""A refused form opens with a summary of its errors, each linked to its field (GOV.UK's
pattern), and each field's input names its error text (aria-invalid, aria-describedby)."""

from html.parser import HTMLParser

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse

# Rendering reaches the database (the township's words for the templates), as pages do.
pytestmark = pytest.mark.django_db

PAGE = Template(
    '{% include "includes/form_errors.html" %}'
    '{% include "includes/form_fields.html" with fields=form %}'
)


class Page(HTMLParser):
    """The ids of a page, its elements' attributes by id, and the error summary's links."""

    def __init__(self, html):
        super().__init__()
        self.ids, self.links, self.text_by_id, self.inputs = {}, [], {}, []
        self._summary_depth = 0
        self._open_ids = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids[attrs["id"]] = attrs
        if tag in ("input", "select", "textarea"):
            self.inputs.append(attrs)
        if tag == "div":
            if self._summary_depth or "data-error-summary" in attrs:
                self._summary_depth += 1
            self._open_ids.append(attrs.get("id"))
        if tag == "a" and self._summary_depth:
            self.links.append([attrs["href"], ""])

    def handle_endtag(self, tag):
        if tag == "div":
            self._summary_depth = max(0, self._summary_depth - 1)
            self._open_ids.pop()

    def handle_data(self, data):
        if self._summary_depth and self.links and self.links[-1][1] == "":
            self.links[-1][1] = data
        for open_id in self._open_ids:
            if open_id:
                self.text_by_id[open_id] = self.text_by_id.get(open_id, "") + data


class EveryKindOfField(forms.Form):
    name = forms.CharField(label="姓名", help_text="与身份证一致")
    choice = forms.ChoiceField(
        label="是否同意", choices=[("y", "同意"), ("n", "不同意")], widget=forms.RadioSelect
    )
    days = forms.MultipleChoiceField(
        label="接待日",
        choices=[("10", "10日"), ("20", "20日")],
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.BooleanField(label="已征得同意")
    count = forms.IntegerField(label="人数", min_value=1)

    def clean(self):
        raise ValidationError("名单与会议不符。")


def test_each_error_of_a_refused_form_is_a_link_to_its_field():
    form = EveryKindOfField(data={"count": "0"})
    html = PAGE.render(Context({"form": form}))
    page = Page(html)

    summary = html.split("data-error-summary")[1].split("</ul>")[0]
    assert "提交未成功，请更正以下问题：" in summary
    assert "<li>名单与会议不符。</li>" in summary
    texts = [text for _, text in page.links]
    assert texts == [
        "姓名：这个字段是必填项。",
        "是否同意：这个字段是必填项。",
        "接待日：这个字段是必填项。",
        "已征得同意：这个字段是必填项。",
        "人数：确保该值大于或等于1。",
    ]
    for href, text in page.links:
        target = page.ids.get(href.removeprefix("#"))
        assert target is not None, f"{text} links to {href}, which is not on the page"
        assert "name" in target, f"{text} links to {href}, which is not an input"


def test_each_refused_input_names_its_error():
    form = EveryKindOfField(data={"count": "0"})
    page = Page(PAGE.render(Context({"form": form})))

    for name, error in (("name", "必填"), ("count", "大于或等于1")):
        field = page.ids[f"id_{name}"]
        assert field["aria-invalid"] == "true"
        described = field["aria-describedby"].split()
        assert f"id_{name}_error" in described
        assert error in page.text_by_id[f"id_{name}_error"]
    assert page.ids["id_name"]["aria-describedby"].split()[0] == "id_name_helptext"


def test_the_login_page_refused_lists_its_errors_as_links(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    page = Page(response.content.decode())

    assert "提交未成功，请更正以下问题：" in response.content.decode()
    assert len(page.links) == 2
    for href, text in page.links:
        assert href.removeprefix("#") in page.ids, text
