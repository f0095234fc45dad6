"""mask_free_text: personal data in free text is masked, everything else is left exactly as typed."""

from __future__ import annotations

import dataclasses

import pytest

from disclosure.rules.privacy import Finding, MaskedText, mask_free_text

ID = "［身份证号码已隐去］"
MOBILE = "［手机号码已隐去］"
PHONE = "［电话号码已隐去］"
CARD = "［银行卡号已隐去］"


def only(what: str, count: int = 1) -> tuple[Finding, ...]:
    return (Finding(what, count),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("当事人身份证号码140602198001011231，于2024年3月5日在朔城区经营。",
         f"当事人身份证号码{ID}，于2024年3月5日在朔城区经营。"),
        ("经查，王五，公民身份号码14060219800101123X，系该店实际经营者。",
         f"经查，王五，公民身份号码{ID}，系该店实际经营者。"),
        ("身份证号：14060219800101123x。", f"身份证号：{ID}。"),
        ("身份证号140602 19800101 1231，住所略。", f"身份证号{ID}，住所略。"),
        ("身份证号140602-1980-0101-1231，住所略。", f"身份证号{ID}，住所略。"),
        ("身份证号140602\u300019800101\u30001231，住所略。", f"身份证号{ID}，住所略。"),  # 全角空格
        ("身份证号１４０６０２１９８００１０１１２３１，住所略。", f"身份证号{ID}，住所略。"),
        ("身份证号１４０６０２１９８００１０１１２３Ｘ，住所略。", f"身份证号{ID}，住所略。"),
        ("身份证号码140602800101123，住所略。", f"身份证号码{ID}，住所略。"),  # old 15-digit number
        ("身份证号码140602 800101 123，住所略。", f"身份证号码{ID}，住所略。"),
        # An all-digit 18-character run is taken for an ID number, not a bank card.
        ("号码622202123456789012。", f"号码{ID}。"),
    ],
)
def test_id_numbers_are_masked(text: str, expected: str) -> None:
    assert mask_free_text(text) == MaskedText(expected, only("身份证号码"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("联系电话13812345678。", f"联系电话{MOBILE}。"),
        ("联系电话：138 1234 5678，", f"联系电话：{MOBILE}，"),
        ("联系电话138-1234-5678；", f"联系电话{MOBILE}；"),
        ("联系电话+8613812345678；", f"联系电话{MOBILE}；"),
        ("联系电话+86 138 1234 5678；", f"联系电话{MOBILE}；"),
        ("联系电话86-199-1234-5678；", f"联系电话{MOBILE}；"),
        ("联系电话（+86）的写法不处理，但＋８６１５９１２３４５６７８要处理。", f"联系电话（+86）的写法不处理，但{MOBILE}要处理。"),
        ("联系电话１３８１２３４５６７８。", f"联系电话{MOBILE}。"),
        ("Tel+86 13812345678", f"Tel{MOBILE}"),
    ],
)
def test_mobile_numbers_are_masked(text: str, expected: str) -> None:
    assert mask_free_text(text) == MaskedText(expected, only("手机号码"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("办公电话0349-2021234。", f"办公电话{PHONE}。"),
        ("办公电话(0349)2021234。", f"办公电话{PHONE}。"),
        ("办公电话（0349）2021234。", f"办公电话{PHONE}。"),
        ("办公电话０３４９－２０２１２３４。", f"办公电话{PHONE}。"),
        ("办公电话010-12345678。", f"办公电话{PHONE}。"),
        ("办公电话(010)12345678。", f"办公电话{PHONE}。"),
        ("办公电话0349 2021234。", f"办公电话{PHONE}。"),
        ("办公电话03492021234。", f"办公电话{PHONE}。"),
        ("办公电话0349-2021234转801。", f"办公电话{PHONE}。"),
        ("办公电话010-12345678-8012。", f"办公电话{PHONE}。"),
        ("Tel(0349)2021234", f"Tel{PHONE}"),
    ],
)
def test_landline_numbers_are_masked(text: str, expected: str) -> None:
    assert mask_free_text(text) == MaskedText(expected, only("固定电话号码"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("违法所得转入其银行卡6222021234567890123。", f"违法所得转入其银行卡{CARD}。"),
        ("银行账号6222021234567890，", f"银行账号{CARD}，"),
        ("银行账号62220212345678901，", f"银行账号{CARD}，"),
        ("卡号6222 0212 3456 7890，", f"卡号{CARD}，"),
        ("卡号6222-0212-3456-7890-123，", f"卡号{CARD}，"),
        ("卡号6222 0212 3456 7890 123，", f"卡号{CARD}，"),
        ("卡号６２２２０２１２３４５６７８９０１２３，", f"卡号{CARD}，"),
    ],
)
def test_bank_card_numbers_are_masked(text: str, expected: str) -> None:
    assert mask_free_text(text) == MaskedText(expected, only("银行卡号"))


@pytest.mark.parametrize(
    "text",
    [
        "朔城科罚〔2024〕12号",
        "朔城科罚〔2024〕0012号行政处罚决定书",
        "处以罚款5000元。",
        "罚款人民币12,345.00元。",
        "没收违法所得1,234,567,890,123,456元。",
        "罚没款合计1234567890123456.00元。",
        "于2024年3月5日立案，2024-03-05 10:30调查。",
        "检查日期20240305。",
        "违反了《中华人民共和国食品安全法》第一百一十二条第一款的规定。",
        "依据第112条第1款。",
        "统一社会信用代码91140602MA0K2B3C4K。",
        "统一社会信用代码：１１１４０６０２ＭＢ００００００９０",
        "食品经营许可证编号JY11406020012345。",
        "许可证编号ＪＹ1140602001234567。",  # full-width letters still count as letters
        "占比为0.33333333333333331。",  # a spreadsheet float: the digits follow a decimal point
        "许可编号140602001234。",  # 12 digits: no phone, ID or card has this length
        "编号12345678901。",  # 11 digits but not 1[3-9]
        "注册号140602200012345。",  # old 15-digit 工商注册号: 200012 is no date
        "流水号1234567890123456789012。",  # 22 digits: no part of it is masked
        "编号A140602198001011231B，批号ZJ13812345678。",
        "批号138123456789与01234567890123456789012。",
        "",
        "当事人张某于案发当日到案。",
    ],
)
def test_other_text_is_left_exactly_as_it_is(text: str) -> None:
    result = mask_free_text(text, [("张三", "张某")])
    assert result == MaskedText(text, ())


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("当事人张三与李四共同经营，张三负责收银。", [("张三", "张某"), ("李四", "李某")],
         "当事人张某与李某共同经营，张某负责收银。"),
        ("当事人欧阳娜娜未取得许可。", [("欧阳娜娜", "欧阳某")], "当事人欧阳某未取得许可。"),
        # The longer known name wins where one contains the other.
        ("张三丰与张三系父子。", [("张三", "张某"), ("张三丰", "张某")], "张某与张某系父子。"),
        ("经营者 赵六 到场。", iter([(" 赵六 ", "赵某")]), "经营者 赵某 到场。"),
    ],
)
def test_names_are_replaced_by_their_masked_form(text, names, expected) -> None:
    result = mask_free_text(text, names)
    assert result.text == expected
    assert result.findings == only("姓名", expected.count("某"))


@pytest.mark.parametrize("names", [[("张", "张某")], [("张某", "张某")], []])
def test_names_that_cannot_be_masked_meaningfully_are_ignored(names) -> None:
    text = "当事人张某、张三到场。"
    assert mask_free_text(text, names) == MaskedText(text, ())


def test_a_typical_sentence() -> None:
    text = "当事人张三（身份证号码140602198001011231，联系电话13812345678）于2024年3月5日在朔城区经营。"
    assert mask_free_text(text, [("张三", "张某")]) == MaskedText(
        f"当事人张某（身份证号码{ID}，联系电话{MOBILE}）于2024年3月5日在朔城区经营。",
        (Finding("身份证号码", 1), Finding("手机号码", 1), Finding("姓名", 1)),
    )


def test_findings_count_each_kind_in_a_fixed_order() -> None:
    text = ("当事人张三（身份证号码140602198001011231，电话13812345678、13912345678,15912345678）"
            "与李四（身份证号码140602800101123）将货款转入6222021234567890123，"
            "张三称已告知执法人员（电话0349-2021234）。")
    result = mask_free_text(text, [("张三", "张某"), ("李四", "李某")])
    assert result.text == (f"当事人张某（身份证号码{ID}，电话{MOBILE}、{MOBILE},{MOBILE}）"
                           f"与李某（身份证号码{ID}）将货款转入{CARD}，"
                           f"张某称已告知执法人员（电话{PHONE}）。")
    assert result.findings == (
        Finding("身份证号码", 2), Finding("手机号码", 3), Finding("固定电话号码", 1),
        Finding("银行卡号", 1), Finding("姓名", 3),
    )


def test_untouched_characters_keep_their_full_width_form() -> None:
    text = "（电话１３８１２３４５６７８）罚款５０００元，文书号朔城科罚〔２０２４〕１２号。"
    assert mask_free_text(text).text == f"（电话{MOBILE}）罚款５０００元，文书号朔城科罚〔２０２４〕１２号。"


def test_results_are_frozen() -> None:
    result = mask_free_text("电话13812345678")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.text = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.findings[0].count = 0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Each form at its shortest and with separators early, in the widths the quick pre-check must let through.
        ("电话（０３４９）１２３４５６７", f"电话{PHONE}"),
        ("手机１３９　１２３４　５６７８", f"手机{MOBILE}"),
        ("手机+86 139-1234-5678", f"手机{MOBILE}"),
        ("卡号 6222\u00a00212\u00a03456\u00a07890", f"卡号 {CARD}"),
        ("证件１４０６０２　１９９００１０１　１２３４", f"证件{ID}"),
    ],
)
def test_numbers_split_by_any_allowed_separator_in_either_width_are_masked(text: str, expected: str) -> None:
    assert mask_free_text(text).text == expected
