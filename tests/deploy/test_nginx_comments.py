"""The generated nginx snippet is read by the webmaster: every comment in it is Chinese (commands aside)."""

import re

import pytest

from disclosure.deploy.files import nginx_snippet

ENGLISH_WORDS = re.compile(r"\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}\b")  # three English words in a row
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("prefix, webroot", [("/zfgs/", "/srv/zfgs/current"), ("/", "/var/www/portal/current")])
def test_every_comment_of_the_nginx_snippet_is_chinese(prefix, webroot):
    comments = [line.strip()[1:] for line in nginx_snippet(prefix, webroot).splitlines() if line.strip().startswith("#")]
    assert len(comments) >= 8
    for comment in comments:
        if comment.startswith("    "):  # a command to type, as `    include …;`
            continue
        assert CHINESE.search(comment) and not ENGLISH_WORDS.search(comment), comment
