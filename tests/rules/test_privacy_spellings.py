"""Masking reads every spelling of a number clerks type: odd separators, Chinese and full-width digits, line breaks
inside it; and finds a natural person's name written with spaces or in traditional characters."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from disclosure.rules.privacy import digits_of, find_resident_id, mask_free_text

ID = "［身份证号码已隐去］"
MOBILE = "［手机号码已隐去］"
PHONE = "［电话号码已隐去］"
CARD = "［银行卡号已隐去］"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("联系电话139.0016.0016。", f"联系电话{MOBILE}。"),
        ("身份证号440101/19900101/002X，", f"身份证号{ID}，"),
        ("手机139\t0016\t0016；", f"手机{MOBILE}；"),
        ("手机139  0016  0016；", f"手机{MOBILE}；"),
        ("手机139\u202f0016\u202f0016；", f"手机{MOBILE}；"),
        ("手机139\u20090016\u205f0016；", f"手机{MOBILE}；"),
        ("办公电话0349—2021234。", f"办公电话{PHONE}。"),
        ("办公电话0349–2021234。", f"办公电话{PHONE}。"),
        ("办公电话0349\u22122021234。", f"办公电话{PHONE}。"),
        ("办公电话0349.2021234。", f"办公电话{PHONE}。"),
        ("办公电话0349/2021234。", f"办公电话{PHONE}。"),
        ("手机1390016\u200b0016。", f"手机{MOBILE}。"),
        ("手机1390016\n0016。", f"手机{MOBILE}。"),
        ("身份证号44010119900101\r\n555X。", f"身份证号{ID}。"),
        ("卡号622202 555566 6677778。", f"卡号{CARD}。"),
        ("卡号62220 25555 66667 7778。", f"卡号{CARD}。"),
        ("手机一三九〇〇一六〇〇一六。", f"手机{MOBILE}。"),
        ("手机幺三九零零幺六零零幺六。", f"手机{MOBILE}。"),
        ("手机１３9〇〇一6００16。", f"手机{MOBILE}。"),
        ("身份证四四〇一〇一一九九〇〇一〇一〇〇二X。", f"身份证{ID}。"),
    ],
)
def test_every_spelling_clerks_use_is_masked(text: str, expected: str) -> None:
    assert mask_free_text(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ID440102198503152140，", f"ID{ID}，"),
        ("sfz440102198503152140，", f"sfz{ID}，"),
        ("SFZH440102198503152140，", f"SFZH{ID}，"),
        ("No.440102198503152140，", f"No.{ID}，"),
        ("No440102198503152140，", f"No{ID}，"),
        ("IDNo440102198503152140，", f"IDNo{ID}，"),
        ("ｉｄ４４０１０２１９８５０３１５２１４０，", f"ｉｄ{ID}，"),
        ("tel13900160016；", f"tel{MOBILE}；"),
        ("TEL:13900160016；", f"TEL:{MOBILE}；"),
        ("Tel03492021234；", f"Tel{PHONE}；"),
        ("phone13900160016；", f"phone{MOBILE}；"),
        ("mobile13900160016；", f"mobile{MOBILE}；"),
        ("card6222021234567890123；", f"card{CARD}；"),
        ("卡号card6222021234567890123；", f"卡号card{CARD}；"),
    ],
)
def test_a_label_glued_before_a_number_does_not_hide_it(text: str, expected: str) -> None:
    assert mask_free_text(text).text == expected


@pytest.mark.parametrize(
    "text",
    ["编号A440102198503152140。", "批号JYID440102198503152140。", "批号Atel13900160016。", "编号ID440102198503152140B。",
     "食品经营许可证编号JY11406020012345。", "批号IDA13900160016。"],
)
def test_digits_glued_to_letters_that_are_no_label_stay_as_typed(text: str) -> None:
    assert mask_free_text(text).text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("身份证(440102)198503152140，", f"身份证{ID}，"),
        ("身份证（440102）198503152140，", f"身份证{ID}，"),
        ("身份证［440102］198503152140，", f"身份证{ID}，"),
        ("身份证【440102】198503152140，", f"身份证{ID}，"),
        ("身份证[440102]19850315 2140，", f"身份证{ID}，"),
        ("手机(139)0016 0016，", f"手机{MOBILE}，"),
        ("手机1390016（0016），", f"手机{MOBILE}，"),
        ("当事人（手机13900160016）到场。", f"当事人（手机{MOBILE}）到场。"),
        ("当事人(13900160016)到场。", f"当事人({MOBILE})到场。"),
    ],
)
def test_a_group_in_brackets_is_masked_with_its_brackets(text: str, expected: str) -> None:
    assert mask_free_text(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("手机壹叁玖零零壹陆零零壹陆。", f"手机{MOBILE}。"),
        ("手机壹叁玖〇〇壹陆〇〇壹陆。", f"手机{MOBILE}。"),
        ("身份证肆肆〇壹〇贰壹玖捌伍〇叁壹伍贰壹肆〇。", f"身份证{ID}。"),
        ("卡号陆贰贰贰〇贰壹贰叁肆伍陆柒捌玖〇壹贰叁。", f"卡号{CARD}。"),
        ("手机壹參玖零零壹陸零零壹陸。", f"手机{MOBILE}。"),  # traditional forms
    ],
)
def test_numbers_in_capital_chinese_digits_are_masked(text: str, expected: str) -> None:
    assert mask_free_text(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("手机1\u034f3900160016。", f"手机{MOBILE}。"),
        ("手机139\ufe0f0016\ufe000016。", f"手机{MOBILE}。"),
        ("身份证4401021985\U000e01000315\u034f2140。", f"身份证{ID}。"),
        ("手机1\u03323\u03329\u033200160016。", f"手机{MOBILE}。"),  # an underline drawn on the digits
    ],
)
def test_combining_marks_inside_a_number_split_groups_like_a_space(text: str, expected: str) -> None:
    assert mask_free_text(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "罚没款合计1234567890123456.00元。",
        "占比为0.33333333333333331。",
        "于2024.03.05立案，2024/3/5调查，2024—03—05结案。",
        "罚款12.5万元，没收3.14159265元。",
        "一二三四五六，共六项。",
        "统一社会信用代码91140602MA0K2B3C4K。",
        "罚款人民币壹万贰仟元，没收伍佰元。",
        "罚款人民币壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元整。",
        "罚款（12345）元，第(2024)0012345号。",
    ],
)
def test_amounts_dates_and_codes_stay_as_typed(text: str) -> None:
    assert mask_free_text(text).text == text


# ---- property: whatever the spelling, no run of the number's digits survives -----------------------------------

SEPARATORS = [" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u202f", "\u2009", "\u3000", "\u200b", "\u2060", "-", "－",
              "—", "–", "‒", "―", "\u2212", "/", "／", ".", "·", "\u034f", "\ufe0f", "\ufe00", "\u0332"]
FORMS = {str(d): [str(d), chr(ord("０") + d), "〇一二三四五六七八九"[d], "〇壹贰叁肆伍陆柒捌玖"[d]] for d in range(10)}
FORMS["0"].append("零")
FORMS["1"].append("幺")
FORMS["2"].append("貳")
FORMS["6"].append("陸")
BRACKETS = ["()", "（）", "［］", "【】", "[]"]
# Labels glued before the number, in any case: ID4401…, Tel139…
LABELS = ["", "", "ID", "sfz", "sfzh", "No", "No.", "tel", "TEL:", "phone", "mobile", "card", "ｉｄ"]
# Text around the number: Chinese words and punctuation, no digit of any form.
PROSE = st.text(alphabet="当事人经营者于本局查明其联系方式为电话号码身份证银行卡，。：；（）、", max_size=12)


def digit_strings(length: int):
    return st.text(alphabet="0123456789", min_size=length, max_size=length)


@st.composite
def resident_ids(draw) -> str:
    area = draw(st.sampled_from(["110105", "140602", "440101", "640502"]))
    born = draw(st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2020, 12, 31)))
    if draw(st.booleans()):
        return area + born.strftime("%y%m%d") + draw(digit_strings(3))  # old 15-digit number
    body = area + born.strftime("%Y%m%d") + draw(digit_strings(3))
    right = ric.calc_check_digit(body)
    return body + draw(st.sampled_from([right, right, "X", "0", "7"]))  # any check character: a typo is still a number


NUMBERS = st.one_of(
    resident_ids(),
    st.builds(lambda second, rest: "1" + second + rest, st.sampled_from("3456789"), digit_strings(9)),  # mobile
    st.builds(lambda area, rest: "0" + area + rest, st.sampled_from(["10", "21", "349", "755"]),
              st.integers(7, 8).flatmap(digit_strings)),  # landline
    st.integers(16, 19).flatmap(digit_strings).map(lambda card: "6" + card[1:]),  # bank card
)


@st.composite
def spelled(draw, number: str) -> str:
    """The number with each digit in any form and, between digits, nothing or any separator; perhaps its first
    group in brackets, perhaps a label glued before it."""
    label = draw(st.sampled_from(LABELS))
    label = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in label)
    bracketed = draw(st.sampled_from([0, 0, 3, 4, 6]))
    opening, closing = draw(st.sampled_from(BRACKETS))
    pieces = [label, opening if bracketed else ""]
    for position, character in enumerate(number):
        if position == bracketed and bracketed:
            pieces.append(closing)
        elif position and draw(st.integers(0, 3)) == 0:
            separator = draw(st.sampled_from(SEPARATORS))
            # A dot after one digit or before the last two reads as a decimal point (0.5, 12.50), not a separator.
            if separator not in ".·" or 2 <= position <= len(number.rstrip("X")) - 3:
                pieces.append(separator)
        pieces.append(draw(st.sampled_from(FORMS[character])) if character.isdigit() else character)
    return "".join(pieces)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), NUMBERS, PROSE, PROSE)
@example(None, "13900160016", "电话", "。").via("the issue's mobile number")
def test_no_spelling_of_a_number_survives_masking(data, number: str, before: str, after: str) -> None:
    text = before + (data.draw(spelled(number)) if data else number) + after
    masked = mask_free_text(text).text
    assert number.upper().replace("X", "") not in digits_of(masked).upper()


@settings(max_examples=200, deadline=None)
@given(st.data(), resident_ids(), st.sampled_from(["", "身份证", "统一社会信用代码"]))
def test_an_id_number_is_found_in_any_spelling(data, number: str, label: str) -> None:
    assert find_resident_id(label + data.draw(spelled(number))) == number.upper()


@pytest.mark.parametrize("code", ["91140602MA0K2B3C4K", "11140602MB00000090", "00000000000000000X", "140602200012345",
                                  "JY11406020012345", "123456789"])
def test_codes_of_legal_persons_hold_no_id_number(code: str) -> None:
    assert find_resident_id(code) is None


# ---- names ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("当事人张 三 丰无证经营。", [("张三丰", "张某")], "当事人张某无证经营。"),
        ("当事人欧阳 娜娜无证经营。", [("欧阳娜娜", "欧阳某")], "当事人欧阳某无证经营。"),
        ("当事人张\u3000三\t丰与欧阳\u200b娜\n娜。", [("张三丰", "张某"), ("欧阳娜娜", "欧阳某")], "当事人张某与欧阳某。"),
        ("当事人张三丰无证经营。", [("张 三 丰", "张某")], "当事人张某无证经营。"),
    ],
)
def test_names_written_with_separators_between_their_characters_are_masked(text, names, expected) -> None:
    assert mask_free_text(text, names).text == expected


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("當事人張三豐無證經營。", [("张三丰", "张某")], "當事人张某無證經營。"),
        ("当事人张三丰无证经营。", [("張三豐", "張某")], "当事人張某无证经营。"),
        ("當事人歐陽 娜娜。", [("欧阳娜娜", "欧阳某")], "當事人欧阳某。"),
    ],
)
def test_names_in_the_other_script_are_masked(text, names, expected) -> None:
    assert mask_free_text(text, names).text == expected


NAME_GAPS = ["", " ", "  ", "\t", "\u3000", "\u202f", "\u200b", "\n", "·"]


@settings(max_examples=200, deadline=None)
@given(st.data(), st.sampled_from(["张", "王", "李", "欧阳", "司马", "诸葛"]),
       st.text(alphabet="三丰娜光明建国小红伟芳", min_size=1, max_size=3), PROSE, PROSE)
def test_no_spelling_of_a_known_name_survives_masking(data, surname: str, given_name: str, before: str, after: str):
    name = surname + given_name
    spelled = "".join(c + data.draw(st.sampled_from(NAME_GAPS)) for c in name[:-1]) + name[-1]
    masked = mask_free_text(before + spelled + after, [(name, surname + "某")]).text
    assert name not in re.sub(r"[\s\u200b·]", "", masked)
    assert surname + "某" in masked
