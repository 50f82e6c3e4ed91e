"""Steps the browser tests share."""

from tests.factories import PASSWORD


def log_in(page, live_server, username):
    """Sign in through the login page with the test password and wait for the next page."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
