"""A clerk changes the password the admin gave them by phone, through Django's own form in Chinese: a weak or
mistyped one is refused with the reason, a good one takes effect (the old one no longer logs in), and the change is
in the audit log."""

from __future__ import annotations

import pytest

from tests.intake.conftest import PASSWORD, Visitor
from tests.intake.test_review import events

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "another-long-passphrase-2026"


def test_a_clerk_changes_their_own_password_and_it_is_audited(clerk_a, live_server):
    form = clerk_a.get("/password/")
    assert form.status_code == 200 and "修改密码" in form.text and "旧密码" in form.text
    weak = clerk_a.post("/password/", {"old_password": PASSWORD, "new_password1": "12345678",
                                       "new_password2": "12345678"})
    assert weak.status_code == 200 and "密码没有修改" in weak.text and "这个密码太常见了" in weak.text
    wrong = clerk_a.post("/password/", {"old_password": "not-it", "new_password1": NEW_PASSWORD,
                                        "new_password2": NEW_PASSWORD})
    assert wrong.status_code == 200 and "旧密码不正确" in wrong.text
    done = clerk_a.post("/password/", {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                       "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/password/done/"
    assert "新密码已经生效" in clerk_a.get("/password/done/").text
    assert Visitor(live_server.url).login("clerk_a", PASSWORD).status_code == 200  # the old one is refused
    assert Visitor(live_server.url).login("clerk_a", NEW_PASSWORD).status_code == 302
    assert len(events("password", username="clerk_a")) == 1


def test_the_page_needs_a_login(visitor):
    assert visitor.get("/password/").status_code == 302
