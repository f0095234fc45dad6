"""One masking point: a site built from rows with ID, phone and card numbers in every spelling clerks use, and a
natural person's full name, in every text column of every kind, in a withdrawal's reason too. No file under build/
(pages, feeds, sitemap, downloads — workbooks unzipped — search files) holds any of them, read as digits only."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure.core.exit_codes import PUBLISHED
from disclosure.core.kinds import KINDS, NATURAL_PERSON, ColumnType, Privacy, SheetKind
from disclosure.rules.privacy import find_resident_id
from tests.conftest import AGENCY_NAME, AGENCY_USCC, Workspace, write_workbook
from tests.rules.test_privacy_spellings import NAME_GAPS, spelled
from tests.rules.test_privacy_spellings import NUMBERS as NUMBER_STRATEGY

PERSON = "司马光明"
NUMBERS = {"身份证": "44010119900101555X", "手机": "13955556666", "卡号": "6222025555666677778", "座机": "03517654321"}
SPELLINGS = {
    "身份证": ["44010119900101555X", "440101/19900101/555X", "440101.19900101.555X", "440101\t19900101  555X",
            "440101\u202f19900101\u202f555X", "4401011990\u200b0101555X", "440101\n19900101\n555X",
            "四四〇一〇一一九九〇〇一〇一五五五X", "４４０１０１一九九〇0101555X"],
    "手机": ["13955556666", "139.5555.6666", "139/5555/6666", "139\t5555\t6666", "139  5555  6666", "139\u202f5555\u202f6666",
           "139—5555—6666", "1395555\u200b6666", "1395555\n6666", "一三九五五五五六六六六", "幺三九５５５５6666"],
    "卡号": ["6222025555666677778", "622202 555566 6677778", "622202-555566-6677778", "6222\u20130255\u20135566\u20136677\u2013778",
           "6222.0255.5566.6677.778", "六二二二〇二五五五五六六六六七七七七八"],
    "座机": ["0351-7654321", "0351—7654321", "0351.7654321", "0351/7654321", "(0351)7654321", "〇三五一七六五四三二一",
           "0351\u00a07654321", "0351\n7654321"],
}
AGENCY_COLUMNS = {"authority", "source_unit", "inspector"}


@dataclass(frozen=True)
class Canaries:
    person: str  # a natural person's full name, the party of every record that has one
    spaced_person: str  # the same name as a clerk may also type it in the text: spaced, or in the other script
    numbers: dict[str, str]  # what → the number, as digits
    spellings: dict[str, list[str]]  # what → how the clerk wrote it, one spelling per cell in turn

    def written(self, index: int) -> dict[str, str]:
        """The numbers of the text in a cell, each in one of its spellings. Every other cell has no ID number: in a
        name column (抽查对象) one holds the row back, and the other numbers' masking there would go unseen."""
        return {what: spellings[index % len(spellings)] for what, spellings in self.spellings.items()
                if index % 2 == 0 or find_resident_id(self.numbers[what]) is None}


FIXED = Canaries(PERSON, "司马 光明", NUMBERS, SPELLINGS)


def canary_text(index: int, with_name: bool, canaries: Canaries = FIXED) -> str:
    spelled = "，".join(f"{what}{spelling}" for what, spelling in canaries.written(index).items())
    person = canaries.person if with_name else "某某"
    return f"当事人{person}（{spelled}）无证经营，{canaries.spaced_person if with_name else ''}签收。"


def cell(kind: SheetKind, key: str, number: int, index: int, canaries: Canaries = FIXED) -> object:
    column = kind.column(key)
    has_party = kind.has("party_type")
    if key in ("party_name", "legal_representative"):
        return canaries.person
    if key == "party_type":
        return NATURAL_PERSON
    # Codes and numbers are published as typed (a row with an ID number there is held back:
    # tests/rules/test_identity.py); the agency's own phones are public.
    as_written = column.privacy in (Privacy.AS_WRITTEN, Privacy.CODE)
    if as_written or (key == kind.title_column and not has_party) or (kind.name == "flowcharts" and key == "flow_name"):
        return f"{kind.name}-{number}" if key != "document_number" else f"朔城科罚〔2026〕{number}号"
    if key in AGENCY_COLUMNS:
        return AGENCY_NAME
    if column.type is ColumnType.USCC:
        return AGENCY_USCC if key != "party_uscc" and key != "target_uscc" else ""
    if column.type in (ColumnType.TEXT, ColumnType.LONG_TEXT):
        if key in ("withdrawal_reason",) or kind.name == "flowcharts" and key == "next_steps":
            return ""
        return canary_text(index, has_party, canaries)
    return _typed(kind, key, column)


def _typed(kind: SheetKind, key: str, column) -> object:
    if column.type is ColumnType.DATE:
        return {"valid_until": dt.date(2099, 12, 31), "withdrawal_date": "", "publicity_deadline": "",
                "penalty_valid_until": "", "review_date": ""}.get(key, dt.date(2026, 11, 16))
    if column.type is ColumnType.AMOUNT:
        return 0.5
    if column.type is ColumnType.INTEGER:
        return 1
    if column.type in (ColumnType.CHOICE, ColumnType.CHOICES, ColumnType.YES_NO):
        return {"penalty_categories": "罚款", "is_major": "否", "withholding_reason": "", "review_conclusion": "",
                "status": "有效", "in_review_catalogue": "否"}.get(key, column.choices[0] if column.choices else "")
    if column.type is ColumnType.ID_NUMBER:
        return NUMBERS["身份证"]
    return "0349-2021234"  # PHONE: the agency's own number


def write_kind(data: Path, kind: SheetKind, rows: int, withdrawn: set[int] = frozenset(),
               canaries: Canaries = FIXED) -> None:
    keys = [c.key for c in kind.columns]
    table = [[kind.column(key).label for key in keys]]
    for number in range(1, rows + 1):
        values = [cell(kind, key, number, number * 7 + i, canaries) for i, key in enumerate(keys)]
        if number in withdrawn:
            values[keys.index("status")] = "已撤销"
            values[keys.index("withdrawal_date")] = dt.date(2026, 11, 18)
            values[keys.index("withdrawal_reason")] = "经行政复议撤销。" + canary_text(number, True, canaries)
        table.append(values)
    write_workbook(data / "科技局" / f"{kind.sheet_name}.xlsx", {kind.sheet_name: table})


def write_data(data: Path, withdrawn: set[int] = frozenset(), canaries: Canaries = FIXED) -> None:
    for kind in KINDS:
        if kind.name == "agency":
            continue
        write_kind(data, kind, 1 if kind.name == "flowcharts" else 3, withdrawn if kind.is_decision else set(), canaries)
    agency = [["机关名称", "统一社会信用代码", "地址", "咨询电话", "监督投诉电话", "办公时间", "职责概述", "行政复议机关"],
              [AGENCY_NAME, AGENCY_USCC, "朔城区开发南路8号", "0349-2021234", "0349-2025678", "工作日",
               canary_text(1, False, canaries), canary_text(2, False, canaries)]]
    write_workbook(data / "科技局" / "机关信息.xlsx", {"机关信息": agency})


CHINESE_DIGITS = str.maketrans("〇零一幺二三四五六七八九", "001123456789")


def digits_only(text: str) -> str:
    """The digits a text spells in any form, in order (the test's own reading, not the masking's)."""
    return "".join(str(unicodedata.digit(c)) for c in text.translate(CHINESE_DIGITS) if unicodedata.digit(c, None) is not None)


def texts_under(root: Path) -> dict[str, str]:
    """Every file under root as text; a zip (.xlsx) by its members."""
    found = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    found[f"{relative}!{member}"] = archive.read(member).decode("utf-8", "replace")
        else:
            found[relative] = path.read_bytes().decode("utf-8", "replace")
    return found


def build_canary_site(root: Path, canaries: Canaries = FIXED) -> Workspace:
    """Built twice: first published, then with a withdrawal whose reason holds the canaries too."""
    space = Workspace(root)
    write_data(space.data, canaries=canaries)
    assert space.publish("build", "--as-of", "2026-11-17") in PUBLISHED
    write_data(space.data, withdrawn={2}, canaries=canaries)
    assert space.publish("build", "--as-of", "2026-11-19") in PUBLISHED
    return space


def leaks_under(root: Path, canaries: Canaries) -> list[tuple[str, str]]:
    leaks = []
    given_name = canaries.person[len(canaries.person) - 2:]
    for name, text in texts_under(root).items():
        digits = digits_only(text)
        leaks += [(name, what) for what, number in canaries.numbers.items() if number.upper().replace("X", "") in digits]
        folded = re.sub(r"[\s·]", "", text)
        if canaries.person in folded or canaries.person in TO_SIMPLIFIED.convert(folded) or given_name in text:
            leaks.append((name, canaries.person))
    return leaks


TO_SIMPLIFIED, TO_TRADITIONAL = opencc.OpenCC("t2s"), opencc.OpenCC("s2t")


@pytest.fixture(scope="module")
def canary_site(tmp_path_factory):
    return build_canary_site(tmp_path_factory.mktemp("canaries"))


def test_the_canaries_were_published_masked(canary_site):
    texts = texts_under(canary_site.output)
    everything = "\n".join(texts.values())
    assert "司马某" in everything and "［手机号码已隐去］" in everything and "［身份证号码已隐去］" in everything
    assert "［银行卡号已隐去］" in everything and "［电话号码已隐去］" in everything
    assert any(name.endswith(".xlsx!xl/worksheets/sheet1.xml") or ".xlsx!" in name for name in texts)
    assert "经行政复议撤销。当事人司马某" in everything  # the notice and its feeds
    assert all(any(f"{kind.name}/" in name for name in texts) for kind in KINDS if kind.name != "agency")


def test_no_number_nor_the_full_name_reaches_any_file(canary_site):
    assert leaks_under(canary_site.output, FIXED) == []


@pytest.mark.parametrize("query", [*NUMBERS.values(), PERSON, "光明"])
def test_search_finds_no_canary(canary_site, capsys, query):
    capsys.readouterr()
    canary_site.publish("search", query, "--json")
    assert json.loads(capsys.readouterr().out)["total"] == 0


# ---- the same, with numbers and a name Hypothesis makes up, in spellings it draws ------------------------------

PEOPLE = st.builds(lambda surname, given: surname + given, st.sampled_from(["张", "王", "欧阳", "司马", "诸葛"]),
                   st.text(alphabet="三丰娜光明建国红伟芳", min_size=2, max_size=2))


@st.composite
def canaries(draw) -> Canaries:
    person = draw(PEOPLE)
    gaps = [draw(st.sampled_from(NAME_GAPS)) for _ in person[1:]]
    spaced = person[0] + "".join(gap + c for gap, c in zip(gaps, person[1:]))
    if draw(st.booleans()):
        spaced = TO_TRADITIONAL.convert(spaced)
    numbers = draw(st.lists(NUMBER_STRATEGY, min_size=2, max_size=4, unique=True))
    # Labels end in no digit: one would be read as the number's first.
    labels = [f"号码{'甲乙丙丁'[i]}" for i in range(len(numbers))]
    spellings = {label: draw(st.lists(spelled(number), min_size=1, max_size=3)) for label, number in zip(labels, numbers)}
    return Canaries(person, spaced, dict(zip(labels, numbers)), spellings)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                  HealthCheck.function_scoped_fixture])
@given(canaries=canaries())
def test_no_made_up_number_nor_name_in_any_spelling_reaches_any_file(tmp_path_factory, canaries):
    root = tmp_path_factory.mktemp("made-up-canaries")
    try:
        space = build_canary_site(root, canaries)
        assert leaks_under(space.output, canaries) == []
        assert any("已隐去" in text for text in texts_under(space.output / "penalties").values())
    finally:
        shutil.rmtree(root, ignore_errors=True)
