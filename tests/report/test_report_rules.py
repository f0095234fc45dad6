"""The clerk's report reads the table of cross-field checks: beside a file's problems, the rules they break."""

from bs4 import BeautifulSoup

from disclosure.core.cross_checks import CROSS_CHECKS
from tests.conftest import PENALTY_HEADER, penalty_row, write_workbook

FINE, CONTENT = PENALTY_HEADER.index("罚款金额（万元）"), PENALTY_HEADER.index("处罚内容")


def rule(name: str) -> str:
    return next(check.rule for check in CROSS_CHECKS if check.name == name)


def rules_under(heading) -> list[str]:
    """The items of the lists below a file's heading, up to the next file's."""
    items = []
    for sibling in heading.find_next_siblings():
        if sibling.name in ("h2", "h3"):
            break
        items += [item.get_text() for item in sibling.find_all("li")] if sibling.name == "ul" else []
    return items


def test_the_report_lists_under_a_file_the_rules_its_rows_break_and_only_those(workspace, capsys):
    folder = workspace.agency()
    zero, slip = penalty_row(2), penalty_row(3)
    zero[CONTENT], zero[FINE] = "罚款人民币0元", 0
    slip[CONTENT], slip[FINE] = "罚款人民币5000元", 5000
    write_workbook(folder / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(1), zero, slip]})
    write_workbook(folder / "旧处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, penalty_row(4, decided="2026-02-30")]})
    assert workspace.publish("check") == 1
    page = BeautifulSoup((workspace.reports / "index.html").read_text(encoding="utf-8"), "html.parser")
    lists = {heading.get_text(): rules_under(heading) for heading in page.find_all("h3")}
    assert lists == {"科技局/处罚.xlsx": [rule("amounts-against-content"), rule("fine-and-category")],
                     "科技局/旧处罚.xlsx": []}
    assert "且不得为 0" in rule("fine-and-category")
