"""Every page of every demo role fits a phone and passes the accessibility checks.

With the demo township loaded, each demo account (and a visitor who is not signed in) opens
every page of its menu and the first entry of each list on those pages. Each page is checked
at both widths, opened at one and resized to the other:

- at 390 px the document does not scroll sideways, no link or button label is squeezed to one
  character a line, and every control that is not a link inside running text offers a touch
  target of at least 44×44 CSS px (a radio button or checkbox counts with its label);
- at both widths axe-core finds no violation of impact serious or critical, and each of the
  first controls reached with Tab shows a focus ring (an outline or box-shadow it has not
  when unfocused) on screen.

Every failing page is reported in one message, followed by the count of axe-core violations
per role and width.
"""

import io
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command

from congress.management.commands.seed_demo import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
TARGET = 44
TABS = 15
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

# Controls smaller than the target. A link inside running text (an inline link whose block has
# other text) is exempt, as WCAG 2.5.8 exempts it; a radio button or checkbox is measured with
# its labels, which click it too.
SMALL_TARGETS = """(target) => {
  const small = [];
  const controls = "a[href], button, summary, select, textarea, input:not([type=hidden]), [role=button]";
  const block = (el) => {
    let node = el.parentElement;
    while (node && getComputedStyle(node).display.startsWith("inline")) node = node.parentElement;
    return node;
  };
  for (const el of document.querySelectorAll(controls)) {
    const style = getComputedStyle(el);
    let box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || style.visibility === "hidden") continue;
    if (el.matches("a") && style.display === "inline") {
      const own = el.innerText.trim().length;
      const around = (block(el)?.innerText || "").trim().length;
      if (around > own) continue;
    }
    if (el.matches("input[type=radio], input[type=checkbox]")) {
      for (const label of el.labels) {
        const b = label.getBoundingClientRect();
        const left = Math.min(box.left, b.left), top = Math.min(box.top, b.top);
        box = {left, top, width: Math.max(box.right, b.right) - left,
               height: Math.max(box.bottom, b.bottom) - top,
               right: Math.max(box.right, b.right), bottom: Math.max(box.bottom, b.bottom)};
      }
    }
    if (box.width < target - .5 || box.height < target - .5) {
      const name = (el.innerText || el.value || el.name || el.getAttribute("aria-label") || "").trim();
      small.push(`${el.tagName.toLowerCase()} "${name.slice(0, 12)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return small;
}"""

# "region" (content outside landmarks) is of moderate impact only and the slowest rule on long
# pages: off, since only serious and critical violations count here.
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"], rules: {region: {enabled: false}}});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3), count: v.nodes.length}));
}"""

# Start keyboard navigation at the top of the document (a focused element that is removed leaves
# the starting point where it stood) and, with nothing else focused, remember each control's ring;
# then judge each control as the focus reaches it: a ring it has not unfocused, and a place on the
# page (the browser scrolls it into view; a control parked off the page stays unseen).
FOCUS_START = """() => {
  const start = document.createElement("span");
  start.tabIndex = -1;
  document.body.prepend(start);
  start.focus();
  const ring = (el) => {
    const s = getComputedStyle(el);
    return `${s.outlineStyle === "none" ? "" : s.outlineWidth + s.outlineStyle + s.outlineColor}|${s.boxShadow}`;
  };
  const before = new Map();
  for (const el of document.querySelectorAll("a, button, summary, input, select, textarea, [tabindex]")) {
    before.set(el, ring(el));
  }
  window.__unringed = [];
  if (window.__judge) document.removeEventListener("focusin", window.__judge);
  window.__judge = (event) => {
    const el = event.target;
    // Focus inside a control's own parts (a date field's calendar button) is drawn by the browser.
    if (!el.matches(":focus")) return;
    const box = el.getBoundingClientRect();
    const shown = box.width > 0 && box.height > 0 && box.bottom + scrollY > 0 && box.right + scrollX > 0;
    const now = ring(el);
    if (!shown || now === "|none" || now === before.get(el)) {
      const name = (el.innerText || el.value || el.name || el.id || "").trim().slice(0, 12);
      window.__unringed.push(`${el.tagName.toLowerCase()} "${name}"${shown ? "" : " off the page"}`);
    }
  };
  document.addEventListener("focusin", window.__judge);
  start.remove();
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


def focus_problems(page):
    """Tab through the first controls; return those without a visible focus ring."""
    page.evaluate(FOCUS_START)
    for _ in range(TABS):
        page.keyboard.press("Tab")
    return page.evaluate("() => [...new Set(window.__unringed)]")


def audit(page, viewport, tally):
    """The problems of the open page at one width; axe-core's findings also go to tally."""
    page.set_viewport_size(viewport)
    problems = []
    if viewport == PHONE:
        found = page.evaluate(MEASURE)
        if found["width"] > PHONE["width"]:
            problems.append(f"{found['width']} px wide")
        if found["squeezed"]:
            problems.append(f"one character a line: {found['squeezed']}")
        small = page.evaluate(SMALL_TARGETS, TARGET)
        if small:
            problems.append(f"{len(small)} targets under {TARGET} px: {small[:4]}")
    for violation in page.evaluate(AXE_RUN):
        tally[violation["id"]] += violation["count"]
        problems.append(f"axe {violation['id']} ×{violation['count']}: {violation['nodes']}")
    unringed = focus_problems(page)
    if unringed:
        problems.append(f"no visible focus ring: {unringed[:4]}")
    return problems


def walk(page, base, tallies):
    """Visit the menu pages of the signed-in (or anonymous) user and the first entries of their
    lists; return {(width, url): problems} for the pages that fail a check."""
    problems = {}
    page.goto(base)
    menu = [base] + [u for u in page.evaluate(LINKS)["menu"] if followable(base, u)]
    visited = set()

    widths = [PHONE, DESKTOP]

    def check(url):
        visited.add(kind(url))
        response = page.goto(url)
        if response is None or response.status >= 400:
            problems[(widths[0]["width"], url)] = [f"status {response and response.status}"]
            return
        page.add_script_tag(path=AXE)
        for viewport in widths:
            found = audit(page, viewport, tallies[viewport["width"]])
            if found:
                problems[(viewport["width"], url)] = found
        # The next page opens at the width this one ended with and is then resized: one resize
        # a page, not two.
        widths.reverse()

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


def test_every_page_of_every_demo_role_is_accessible_at_both_widths(browser, live_server):
    call_command("seed_demo", stdout=io.StringIO())
    base = live_server.url + "/"
    failures, counts = [], []
    for username in [None] + [name for name, _, _ in DEMO_ACCOUNTS]:
        who = username or "public"
        # The test injects axe-core, which the portal's Content-Security-Policy rightly refuses.
        context = browser.new_context(
            viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN", bypass_csp=True
        )
        page = context.new_page()
        if username:
            sign_in(page, base, username)
        tallies = {PHONE["width"]: Counter(), DESKTOP["width"]: Counter()}
        for (width, url), problems in walk(page, base, tallies).items():
            for problem in problems:
                failures.append(f"{who} {width}px {url.removeprefix(live_server.url)}: {problem}")
        for width, tally in tallies.items():
            counts.append(f"{who} {width}px: {sum(tally.values())} {dict(tally)}")
        context.close()
    assert not failures, (
        "Pages that fail a check:\n"
        + "\n".join(failures)
        + "\nSerious and critical axe-core violations (elements):\n"
        + "\n".join(counts)
    )
