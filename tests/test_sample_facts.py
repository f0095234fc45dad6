"""The shipped sample as a 司法局 reviewer reads it: every published fine says what its 处罚内容 says, and the
report shows the cross-field checks on the sample's own planted mistakes."""

from __future__ import annotations

from decimal import Decimal

from disclosure.rules.money_text import sums_in_text

PLANTED = {  # cell of 补录处罚信息.xlsx → words of the problem the report must show there
    "K9": ("为 5000 万元", "“5000元”", "大了一万倍", "本条未公示"),
    "M10": ("晚于本次构建的日期", "暂不公示"),
    "N11": ("陵川县市场监督管理局", "本单位（陵川生态文化旅游示范区综合执法局，11140524MB3607765W）", "本条未公示"),  # another agency's name with this agency's code
}


def _fields(page) -> dict[str, str]:
    return {row.th.get_text(strip=True): row.td.get_text(strip=True) for row in page.select("table.fields tr")}


def _wan_yuan(shown: str) -> Decimal:
    return Decimal(shown.removesuffix("万元").strip())


def test_no_published_fine_disagrees_with_its_penalty_content(sample_site):
    pages = [path for path in (sample_site.root / "penalties").rglob("*.html") if path.name != "index.html"]
    assert len(pages) > 100
    checked = 0
    for path in pages:
        fields = _fields(sample_site.html(path.relative_to(sample_site.root).as_posix()))
        stated = [s.yuan for s in sums_in_text(fields.get("处罚内容", ""))]
        amounts = [_wan_yuan(fields[label]) * 10000 for label in fields if label.startswith(("罚款金额", "没收"))
                   and fields[label].endswith("万元")]
        for yuan in amounts:
            assert yuan in stated or yuan == sum(stated), (path, fields.get("处罚内容"), amounts)
            checked += 1
    assert checked > 100


def test_the_sample_report_shows_the_cross_field_checks_on_its_planted_mistakes(sample_site):
    lines = sample_site.result.stdout.splitlines()
    for cell, words in PLANTED.items():
        shown = [line for line in lines if f" {cell} " in line]
        assert shown and all(word in shown[0] for word in words), (cell, shown)
        assert shown[0].lstrip().startswith("错误")
    for cell in ("M4", "H5", "C6", "I7", "K9", "M10", "N11"):  # every planted mistake names its decision as written
        assert any(f" {cell}  陵示综执罚〔2026〕" in line for line in lines), cell
