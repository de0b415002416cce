"""Writing through the Django admin as a person would: the change form read back with
its current values, one field changed, posted."""

import re
from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory


def _superuser_client() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


class _FormReader(HTMLParser):
    """The values a browser would send for the admin's change form."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if attrs.get("type") in ("checkbox", "radio") else ""
            self.data.setdefault(name, []).append(attrs.get("value", default))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def _post_as_read(url: str, fields: dict):
    """Read the form at `url` with its current values, change `fields`, post it."""
    client = _superuser_client()
    reader = _FormReader()
    reader.feed(client.get(url).content.decode())
    data = {**reader.data, **{key: [value] for key, value in fields.items()}}
    response = client.post(url, data, follow=True)
    assert response.redirect_chain, re.findall(r"errorlist.{0,300}", response.content.decode())
    return response


def admin_add(model, **fields):
    opts = model._meta
    return _post_as_read(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"), fields)


def admin_change(obj, **changes):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return _post_as_read(url, changes)


def admin_action(model, action: str, objects) -> None:
    client = _superuser_client()
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    data = {"action": action, "_selected_action": [o.pk for o in objects], "post": "yes"}
    response = client.post(url, data)
    assert response.status_code == 302, re.findall(r"errorlist.{0,300}", response.content.decode())
