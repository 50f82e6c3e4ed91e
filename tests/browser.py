"""Steps the browser tests share."""

from tests.factories import PASSWORD


def log_in(page, live_server, username):
    """Sign in through the login page with the test password and wait for the next page."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def open_menu_item(page, group, name):
    """Follow a main-menu link that sits in one of the secretary's grouped dropdowns."""
    nav = page.get_by_role("navigation", name="主菜单")
    nav.locator("summary", has_text=group).click()
    nav.get_by_role("link", name=name).click()
    page.wait_for_load_state()


def log_out(page):
    """Sign out through the user menu."""
    page.locator("details.usermenu summary").click()
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state()


def picker_box(page, label):
    """The search box of the picker labelled `label`, once picker.js has run (before, the
    label names the plain select, which a single choice also exposes as a combobox)."""
    return page.get_by_role("combobox", name=label).and_(page.locator("input.picker-find"))


def pick(page, label, typed, name):
    """Choose `name` in the searchable picker labelled `label`: type `typed` (a name, its
    pinyin or initials), then tap the option."""
    box = picker_box(page, label)
    box.click()
    box.press_sequentially(typed)
    page.get_by_role("listbox").get_by_role("option", name=name).click()
