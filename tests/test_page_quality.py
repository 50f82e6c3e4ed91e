"""Every page of every demo role fits a 390 px phone.

With the demo township loaded, each demo account (and a visitor who is not signed in) opens
every page of its menu and the first entry of each list on those pages, at 390×844. A page
fails when the document scrolls sideways or when a link or button label is squeezed to one
character a line. Every failing page is reported in one message.
"""

import io
import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command

from congress.management.commands.seed_demo import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# Files are handed out, not shown; signing out, the back office and the language switcher are
# not pages of the portal's own layout.
SKIPPED = (
    "/logout",
    "/admin/",
    "/files/",
    "/download",
    ".pdf",
    ".docx",
    ".xlsx",
    ".csv",
    "/export",
)

# The page's width, and the labels of links and buttons squeezed into a column: text of two or
# more characters, taller than two lines and narrower than two characters.
MEASURE = """() => {
  const squeezed = [];
  for (const el of document.querySelectorAll("a, button, summary")) {
    const text = el.innerText.trim();
    const box = el.getBoundingClientRect();
    if (text.length < 2 || box.width === 0) continue;
    const style = getComputedStyle(el);
    const size = parseFloat(style.fontSize);
    const line = parseFloat(style.lineHeight) || size * 1.2;
    if (box.height > 2.2 * line && box.width < 2 * size) squeezed.push(text.slice(0, 20));
  }
  return {width: document.documentElement.scrollWidth, squeezed};
}"""

# Links worth following: the menu's, and on a menu page the first entry of each list and the
# actions (forms to fill, steps to take) it offers.
LINKS = """() => {
  const menu = [...document.querySelectorAll("nav.mainnav a[href], header a[href]")].map(a => a.href);
  const next = [...document.querySelectorAll(
    "main :is(.page-head, .actions, .item-actions, .proposal-actions, .inbox-actions) a[href]"
  )].map(a => a.href);
  for (const list of document.querySelectorAll("main table, main ul, main ol")) {
    const link = list.querySelector("a[href]");
    if (link) next.push(link.href);
  }
  return {menu, next};
}"""


def followable(base, url):
    parts = urlsplit(url)
    return url.startswith(base) and not any(skip in parts.path for skip in SKIPPED)


def kind(url):
    """Pages of one kind share a layout: /proposals/38/ and /proposals/49/ are one visit."""
    return re.sub(r"\d+", "N", urlsplit(url).path)


def walk(page, base):
    """Visit the menu pages of the signed-in (or anonymous) user and the first entries of their
    lists; return {url: problem} for the pages that do not fit."""
    problems = {}
    page.goto(base)
    menu = [base] + [u for u in page.evaluate(LINKS)["menu"] if followable(base, u)]
    visited = set()

    def check(url):
        visited.add(kind(url))
        response = page.goto(url)
        if response is None or response.status >= 400:
            problems[url] = f"status {response and response.status}"
            return
        found = page.evaluate(MEASURE)
        if found["width"] > PHONE["width"]:
            problems[url] = f"{found['width']} px wide"
        if found["squeezed"]:
            problems[url] = f"{problems.get(url, '')} one character a line: {found['squeezed']}"

    for url in dict.fromkeys(menu):
        check(url)
        for link in page.evaluate(LINKS)["next"]:
            if followable(base, link) and kind(link) not in visited:
                check(link)
    return problems


def sign_in(page, base, username):
    page.goto(urljoin(base, "/accounts/login/"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_every_page_of_every_demo_role_fits_a_phone(browser, live_server):
    call_command("seed_demo", stdout=io.StringIO())
    base = live_server.url + "/"
    failures = []
    for username in [None] + [name for name, _, _ in DEMO_ACCOUNTS]:
        context = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN")
        page = context.new_page()
        if username:
            sign_in(page, base, username)
        for url, problem in walk(page, base).items():
            failures.append(
                f"{username or 'public'} {url.removeprefix(live_server.url)}: {problem}"
            )
        context.close()
    assert not failures, "Pages that do not fit a 390 px phone:\n" + "\n".join(failures)
