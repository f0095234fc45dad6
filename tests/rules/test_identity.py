"""Identity: an ID number where a code or a name belongs holds the row back (it reaches no byte of the site, no
search), and an agency's 统一社会信用代码 stays with the folder the ledger bound it to."""

from __future__ import annotations

import json
import sqlite3

import pytest
from stdnum.cn import ric

from disclosure.rules.privacy import find_resident_id
from tests.conftest import (
    AGENCY_NAME,
    AGENCY_USCC,
    PENALTY_HEADER,
    Site,
    agency_rows,
    penalty_row,
    valid_uscc,
    write_workbook,
)

PERSON_ID = "440101199003071233"
SPELLINGS = ["440101199003071233", "440101 19900307 1233", "440101-1990-0307-1233", "４４０１０１１９９００３０７１２３３",
             "440101/19900307/1233", "440101.19900307.1233", "四四〇一〇一一九九〇〇三〇七一二三三"]
CODE_COLUMNS = ["行政相对人代码_2(工商注册号)", "行政相对人代码_3(组织机构代码)", "行政相对人代码_4(税务登记号)",
                "行政相对人代码_5(事业单位证书号)", "行政相对人代码_6(社会组织登记证号)"]
HEADER = [*PENALTY_HEADER, *CODE_COLUMNS, "法定代表人"]


def row(number: int, **cells) -> list:
    values = dict(zip(HEADER, penalty_row(number) + [""] * (len(CODE_COLUMNS) + 1)))
    values.update(cells)
    return [values[label] for label in HEADER]


def reported(workspace) -> list[dict]:
    return json.loads((workspace.reports / "report.json").read_text(encoding="utf-8"))["problems"]


def search_total(workspace, capsys, query: str) -> int:
    capsys.readouterr()
    workspace.publish("search", query, "--json")
    return json.loads(capsys.readouterr().out)["total"]


def test_an_id_number_in_any_code_or_name_column_is_an_error_and_reaches_nothing(workspace, capsys):
    workspace.agency()
    natural = {"行政相对人名称": "张三丰", "行政相对人类别": "自然人"}
    rows = [
        row(1, **natural, **{"行政相对人代码_1(统一社会信用代码)": PERSON_ID}),
        row(2, **{"行政相对人代码_1(统一社会信用代码)": PERSON_ID}),  # a 法人's code column: an ID number all the same
        *(row(3 + i, **natural, **{"行政相对人代码_1(统一社会信用代码)": "", column: SPELLINGS[i % len(SPELLINGS)]})
          for i, column in enumerate(CODE_COLUMNS)),
        row(8, 行政相对人名称=PERSON_ID),
        row(9, 法定代表人=f"身份证 {SPELLINGS[1]}"),
        row(10, **{CODE_COLUMNS[0]: "140602200012345"}),  # a real 工商注册号 is published
    ]
    write_workbook(workspace.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [HEADER, *rows]})
    site = workspace.build()
    problems = [(p["code"], p["cell"]) for p in reported(workspace) if p["code"].startswith("resident-id")]
    assert problems == [("resident-id-in-code", "C2"), ("resident-id-in-code", "C3"),
                        *(("resident-id-in-code", f"{letter}{n}") for n, letter in zip(range(4, 9), "OPQRS")),
                        ("resident-id-in-name", "A9"), ("resident-id-in-name", "T10")]
    assert [p.name for p in site.record_pages("penalties")] and len(site.record_pages("penalties")) == 1
    assert "140602200012345" in site.text_of_everything()
    digits = "".join(c for c in site.text_of_everything() if c.isdigit())
    assert "4401011990" not in digits and "张三丰" not in site.text_of_everything()
    for query in (PERSON_ID, "44010119900307", "张三丰"):
        assert search_total(workspace, capsys, query) == 0, query


def test_an_id_number_as_a_document_certificate_or_item_number_is_an_error_and_reaches_nothing(workspace, capsys):
    """文书号, 执法证号, 事项编码 are published as written, so an ID number typed there can only be held back."""
    workspace.agency()
    write_workbook(workspace.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [
        PENALTY_HEADER, penalty_row(1), [*penalty_row(2)[:5], SPELLINGS[1], *penalty_row(2)[6:]]]})
    write_workbook(workspace.data / "科技局" / "人员.xlsx", {"执法人员清单": [
        ["姓名", "执法证号"], ["李明", "14060200001"], ["王芳", PERSON_ID]]})
    write_workbook(workspace.data / "科技局" / "事项.xlsx", {"执法事项清单": [
        ["事项编码", "事项名称", "事项类别", "实施依据"], ["140602-KJ-XK-001", "科技型中小企业评价", "行政许可", "《办法》"],
        [SPELLINGS[2], "科技成果登记", "行政确认", "《办法》"]]})
    site = workspace.build()
    problems = [(p["code"], p["cell"]) for p in reported(workspace) if p["code"].startswith("resident-id")]
    assert sorted(problems) == [("resident-id-in-number", "A3"), ("resident-id-in-number", "B3"),
                                ("resident-id-in-number", "F3")]
    everything = site.text_of_everything()
    assert "14060200001" in everything and "140602-KJ-XK-001" in everything
    assert "4401011990" not in "".join(c for c in everything if c.isdigit())
    assert search_total(workspace, capsys, PERSON_ID) == 0


def all_digit_credit_code() -> str:
    """A 统一社会信用代码 of digits only with a right check character, whose digits also read as an ID number."""
    for serial in range(1000):
        code = valid_uscc(f"11010519900307{serial:03d}")
        if code.isdigit() and code[-1] != ric.calc_check_digit(code[:-1]):
            return code
    raise AssertionError("no such code")


def test_a_legal_persons_valid_all_digit_code_is_published_and_a_natural_persons_is_not(workspace):
    workspace.agency()
    code = all_digit_credit_code()
    assert find_resident_id(code) == code  # it does read as an ID number
    rows = [row(1, **{"行政相对人代码_1(统一社会信用代码)": code}),
            row(2, 行政相对人名称="张三丰", 行政相对人类别="自然人", **{"行政相对人代码_1(统一社会信用代码)": code})]
    write_workbook(workspace.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [HEADER, *rows]})
    site = workspace.build()
    assert len(site.record_pages("penalties")) == 1 and code in site.text_of_everything()
    assert [(p["code"], p["cell"]) for p in reported(workspace) if p["code"].startswith("resident-id")] == [
        ("resident-id-in-code", "C3")]


def test_a_natural_persons_name_is_masked_in_every_column_and_not_indexed(workspace, capsys):
    workspace.agency()
    header = [*PENALTY_HEADER, "违法行为类型", "备注"]
    person = penalty_row(1, party="张三丰", party_type="自然人", id_number="11010519491231002X")
    rows = [person + ["张三丰无证经营", "张 三 丰称不知情"],
            penalty_row(2, party="欧阳娜娜", party_type="自然人") + ["无证经营", "由欧阳 娜娜本人签收"]]
    write_workbook(workspace.data / "科技局" / "处罚.xlsx", {"行政处罚决定": [header, *rows]})
    site = workspace.build()
    everything = site.text_of_everything()
    assert "张某无证经营" in everything and "张某称不知情" in everything and "由欧阳某本人签收" in everything
    for name in ("张三丰", "张 三 丰", "欧阳娜娜", "欧阳 娜娜", "三丰", "娜娜"):
        assert name not in everything, name
    assert search_total(workspace, capsys, "张三丰") == 0 and search_total(workspace, capsys, "三丰") == 0
    assert search_total(workspace, capsys, "张某") == 1


def test_what_an_older_ledger_kept_is_masked_again_when_it_is_published_from_the_ledger(workspace, capsys):
    workspace.agency()
    workbook = workspace.data / "科技局" / "处罚.xlsx"
    write_workbook(workbook, {"行政处罚决定": [HEADER, row(1)]})
    workspace.build("--ledger", str(workspace.root / "ledger.sqlite"))
    # As a ledger written before this check kept it: an ID number in a code column, a phone in the facts.
    with sqlite3.connect(workspace.root / "ledger.sqlite") as connection:
        (text,) = connection.execute("SELECT public_values FROM records").fetchone()
        values = {**json.loads(text), "party_code_4": PERSON_ID, "facts": "电话139.0016.0016"}
        connection.execute("UPDATE records SET public_values = ?", (json.dumps(values, ensure_ascii=False),))
    workbook.unlink()  # the row is gone: the record is published as the ledger has it
    site = workspace.build("--ledger", str(workspace.root / "ledger.sqlite"))
    digits = "".join(c for c in site.text_of_everything() if c.isdigit())
    assert PERSON_ID not in digits and "13900160016" not in digits
    assert "［身份证号码已隐去］" in site.text_of_everything()


# ---- agencies: a code is bound to its folder ------------------------------------------------------------------

def agency_page(site: Site) -> str:
    return (site.root / "agencies" / AGENCY_USCC / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("claimant", ["丁局", "甲局"])  # 丁 sorts before 乙, 甲 after: neither takes the code
def test_a_folder_claiming_a_published_agencys_code_is_refused_and_the_first_keeps_publishing(workspace, claimant):
    ledger = ("--ledger", str(workspace.root / "ledger.sqlite"))
    workspace.agency("乙局")
    write_workbook(workspace.data / "乙局" / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1)]})
    workspace.build(*ledger)
    impostor = workspace.data / claimant
    rows = agency_rows("冒名执法局", AGENCY_USCC)
    rows[1][3] = "0349-6666666"
    write_workbook(impostor / "机关信息.xlsx", {"机关信息": rows})
    write_workbook(impostor / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(2)]})
    site = workspace.build(*ledger)
    page = agency_page(site)
    assert AGENCY_NAME in page and "0349-2021234" in page
    assert "冒名执法局" not in site.text_of_everything() and "0349-6666666" not in site.text_of_everything()
    assert len(site.record_pages("penalties")) == 1
    (problem,) = [p for p in reported(workspace) if p["code"] == "agency-code-bound"]
    assert problem["agency"] == claimant and problem["details"]["owner"] == "乙局"
    assert "乙局" in problem["message"] and claimant in problem["message"]


def test_a_renamed_folder_takes_its_code_along_once_the_old_folder_is_gone(workspace):
    ledger = ("--ledger", str(workspace.root / "ledger.sqlite"))
    workspace.agency("乙局")
    workspace.build(*ledger)
    (workspace.data / "乙局").rename(workspace.data / "丁局")
    site = workspace.build(*ledger)
    assert AGENCY_NAME in agency_page(site)
    assert not [p for p in reported(workspace) if p["code"].startswith("agency-code")]
