"""The one-time token of a create form (congress.forms.OnceFormMixin), read from its page as a
browser sends it back."""

import re

TOKEN = re.compile(r'name="form_token" value="([0-9a-f-]{36})"')


def form_token(client, url):
    match = TOKEN.search(client.get(url).content.decode())
    assert match, f"no form token on {url}"
    return match[1]
