"""The README a new user opens: the two commands come first, as Makefile targets; the Chinese part comes before the
developers' English one and links to every manual in docs/."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from tests.docs.test_manuals import CJK, DOCS, ROOT, rendered

README = ROOT / "README.md"


def test_the_first_thing_on_the_page_is_the_two_commands_and_make_knows_them():
    soup = rendered(README)
    first = soup.find("pre").get_text()
    commands = [line.split("#")[0].strip() for line in first.splitlines() if line.strip()]
    assert commands == ["make preview", "make test"]
    assert soup.find("pre") is soup.find(["pre", "table"])  # nothing runnable or tabled before them
    targets = set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))
    assert {"preview", "test"} <= targets


def test_the_chinese_part_comes_first_and_links_to_every_manual():
    soup = rendered(README)
    headings = soup.find_all(re.compile(r"^h[1-6]$"))
    english = next(i for i, heading in enumerate(headings) if not CJK.search(heading.get_text()))
    assert english > 1 and all(CJK.search(h.get_text()) for h in headings[:english])
    linked = {Path(unquote(a["href"])).name for a in soup.find_all("a") if a["href"].startswith("docs/")}
    assert linked >= {page.name for page in DOCS.glob("*.md") if page.name != "README.md"}
    for a in soup.find_all("a"):
        if not re.match(r"https?:", a["href"]):
            assert (ROOT / unquote(a["href"])).is_file(), a["href"]
