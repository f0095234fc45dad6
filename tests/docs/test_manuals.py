"""The Chinese manuals in docs/: each renders with the project's Markdown, as Pelican configures it, reads as Chinese,
points to nothing outside the repository, names only settings and problem codes that exist, and its generated
parts (tools/manuals.py) say what the code's tables say today."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup
from pelican.settings import DEFAULT_CONFIG

from disclosure.core.cross_checks import CROSS_CHECKS
from disclosure.core.kinds import KINDS, KINDS_BY_NAME
from disclosure.core.problem_catalogue import CATALOGUE
from disclosure.core.settings import SETTINGS_BY_NAME
from disclosure.rules.settings import RuleSettings
from tools import manuals

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
CLERKS, RULES_PAGE = DOCS / "填报人员指南.md", DOCS / "公示规则说明.md"

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")
# What the project was made from lives outside the repository: no page may send a reader there.
OUTSIDE = re.compile(r"RULES\.md|shared/|seeds/|/work/|/home/|~/|file:", re.I)
SETTING_LIKE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")
CODE_LIKE = re.compile(r"[a-z]+(?:-[a-z]+)+")
REPO_FILE_LIKE = re.compile(r"[\w./-]+\.(?:py|md|toml)")
# The back office's settings are environment variables it reads (intake/environment.py, intake/settings.py), not
# the portal's: a manual may name those the service's code spells out.
# Named like settings too: the bundle's checksum list (tools/bundle.py) and the Makefile's variables (make bundle BUNDLE=…).
FILE_NAMES = frozenset({"SHA256SUMS", *re.findall(r"^([A-Z_]+) \?=", (ROOT / "Makefile").read_text(), re.M)})
SERVICE_VARIABLES = frozenset(re.findall(r'"(INTAKE_[A-Z0-9_]+)"', "".join(
    path.read_text(encoding="utf-8") for path in sorted((ROOT / "intake").rglob("*.py")))))


def rendered(page: Path) -> BeautifulSoup:
    config = DEFAULT_CONFIG["MARKDOWN"]
    html = markdown.Markdown(extensions=list(config["extension_configs"]), extension_configs=config["extension_configs"],
                             output_format=config["output_format"]).convert(page.read_text(encoding="utf-8"))
    return BeautifulSoup(html, "html.parser")


def code_spans(page: Path) -> list[str]:
    return [code.get_text() for code in rendered(page).find_all("code")]


def test_the_manuals_are_there_and_the_index_lists_every_page():
    assert CLERKS in PAGES and RULES_PAGE in PAGES
    index = rendered(DOCS / "README.md")
    listed = {unquote(a["href"]) for a in index.find_all("a")}
    assert listed == {page.name for page in PAGES if page.name != "README.md"}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_page_renders_every_table_and_heading(page):
    source = page.read_text(encoding="utf-8")
    soup = rendered(page)
    tables = len(re.findall(r"^\|(?:-+\|)+$", source, re.M))
    assert len(soup.find_all("table")) == tables
    assert "|---" not in soup.get_text()  # a table Markdown did not take would show as its pipes
    assert "**" not in soup.get_text()  # and bold it did not take, as its asterisks
    headings = re.findall(r"^#{1,6} ", source, re.M)
    assert len(soup.find_all(re.compile(r"^h[1-6]$"))) == len(headings)
    assert soup.find("h1") is not None


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_page_is_in_chinese(page):
    soup = rendered(page)
    for code in soup.find_all(["code", "pre"]):
        code.decompose()  # commands, settings and codes are what a reader types, not prose
    prose = soup.get_text()
    cjk, latin = len(CJK.findall(prose)), len(LATIN.findall(prose))
    assert cjk > 20 * latin, (cjk, latin)
    for heading in soup.find_all(re.compile(r"^h[1-6]$")):
        assert CJK.search(heading.get_text()), heading


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_page_points_to_nothing_outside_the_repository(page):
    source = page.read_text(encoding="utf-8")
    assert not OUTSIDE.search(source), OUTSIDE.search(source)
    for link in rendered(page).find_all(["a", "img"]):
        target = link.get("href") or link.get("src")
        parts = urlsplit(target)
        assert not parts.scheme and not parts.netloc and not parts.path.startswith("/"), target
        if parts.path:
            resolved = (page.parent / unquote(parts.path)).resolve()
            assert resolved.is_file() and resolved.is_relative_to(ROOT), target
    for name in code_spans(page):
        if REPO_FILE_LIKE.fullmatch(name):
            assert (ROOT / name).is_file() or (DOCS / name).is_file(), name


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_setting_and_problem_code_a_page_names_exists(page):
    known_codes = {*CATALOGUE, *KINDS_BY_NAME}  # template kinds are named like codes: `other-decisions`
    for span in code_spans(page):
        word = span.split()[0] if span.split() else ""
        if SETTING_LIKE.fullmatch(word) and len(word) > 3:
            assert word in {*SETTINGS_BY_NAME, *SERVICE_VARIABLES, *FILE_NAMES}, f"{page.name}: {word} is no setting"
        if CODE_LIKE.fullmatch(span):
            assert span in known_codes, f"{page.name}: {span} is no problem code"


class _Reader:
    """Stands for the portal's settings and notes which of them the rules read."""

    def __init__(self):
        self.read: set[str] = set()

    def __getattr__(self, name: str):
        self.read.add(name.upper())
        return None


def test_the_rules_page_explains_every_setting_the_rules_read():
    reader = _Reader()
    RuleSettings.from_settings(reader, dt.date(2026, 12, 1))
    own_text = manuals.hand_written(RULES_PAGE.read_text(encoding="utf-8"))
    assert reader.read and reader.read <= set(manuals.SETTING_NAME.findall(own_text))
    assert reader.read <= set(re.findall(r"^\| `([A-Z_]+)`", RULES_PAGE.read_text(encoding="utf-8"), re.M))


def test_the_generated_parts_say_what_the_tables_say_today():
    assert manuals.stale() == [], "请运行 python -m tools.manuals 更新 docs/ 中生成的部分"
    assert manuals.main(["--check"]) == 0
    clerks, rules = CLERKS.read_text(encoding="utf-8"), RULES_PAGE.read_text(encoding="utf-8")
    for kind in KINDS:
        assert f"### {kind.sheet_name}" in clerks
        for column in kind.columns:
            assert f"| {column.label} | {'必填' if column.required else '选填'} |" in clerks, column.label
    for code in CATALOGUE:
        assert f"| `{code}` | {CATALOGUE[code].severity.value} |" in clerks
    for check in CROSS_CHECKS:
        assert f"| {check.rule} |" in rules
    assert "{" not in manuals.hand_written(clerks) and "××" in clerks  # particulars are blanks, never placeholders


def test_every_generated_part_is_opened_and_closed_and_known():
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        opened, closed = re.findall(r"<!-- 生成开始：([\w-]+)", text), re.findall(r"<!-- 生成结束：([\w-]+)", text)
        assert opened == closed and set(opened) <= set(manuals.PARTS), page.name
        assert len(manuals._REGION.findall(text)) == len(opened)


def test_a_manual_edited_by_hand_in_a_generated_part_is_found_stale_and_rewritten(tmp_path):
    for page in PAGES:
        shutil.copy(page, tmp_path / page.name)
    copy = tmp_path / RULES_PAGE.name
    original = copy.read_text(encoding="utf-8")
    edited = original.replace("| 1 到 365 之间的整数 | `3` |", "| 1 到 365 之间的整数 | `5` |")
    assert edited != original
    copy.write_text(edited, encoding="utf-8")
    assert manuals.stale(tmp_path) == [copy]
    assert manuals.regenerated(edited) == original
    # The hand-written text is the author's: regenerating keeps it as it is.
    retitled = original.replace("# 公示规则说明", "# 公示规则说明（草稿）")
    assert manuals.regenerated(retitled) == retitled


def test_a_problem_wording_reads_with_blanks_for_its_particulars():
    assert manuals.wording_shape(CATALOGUE["required-cell-blank"].message) == "“××”是必填项，不能为空"
    assert manuals.wording_shape(CATALOGUE["not-a-choice"].message) == "“××”中的“××”不是可选的值"
    for wording in CATALOGUE.values():
        for text in (wording.message, wording.fix):
            assert "{" not in manuals.wording_shape(text) and "}" not in manuals.wording_shape(text)
