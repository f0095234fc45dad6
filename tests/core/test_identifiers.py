from stdnum.cn import uscc

from disclosure.core.identifiers import USCC_PLACEHOLDER, Validity, check_resident_id, check_uscc, normalize_identifier


def test_uscc_valid_bad_checksum_and_malformed():
    body = "91140602MA0K2B3C4"
    good = body + uscc.calc_check_digit(body)
    wrong = body + ("0" if good[-1] != "0" else "1")
    assert check_uscc(good) is Validity.VALID
    assert check_uscc(wrong) is Validity.BAD_CHECKSUM
    assert check_uscc(good[:-1]) is Validity.MALFORMED
    assert check_uscc(good.replace("A", "I")) is Validity.MALFORMED  # I, O, Z, S, V are not used


def test_uscc_prefixes_stdnum_rejects_and_the_placeholder_are_accepted():
    for first in "ANY":
        body = first + "1140602MA0K2B3C4"
        assert check_uscc(body + uscc.calc_check_digit(body)) is Validity.VALID
    assert check_uscc(USCC_PLACEHOLDER) is Validity.VALID


def test_resident_id_numbers():
    assert check_resident_id("11010519491231002X") is Validity.VALID
    assert check_resident_id("110105194912310021") is Validity.BAD_CHECKSUM
    assert check_resident_id("110105491231002") is Validity.VALID  # 15-digit numbers have no check digit
    assert check_resident_id("110105194913310021") is Validity.MALFORMED  # month 13
    assert check_resident_id("11010519491231") is Validity.MALFORMED


def test_normalize_identifier_folds_the_ways_a_document_number_is_typed():
    assert normalize_identifier("朔城科罚〔2024〕12号") == normalize_identifier("朔城科罚[2024]12号")
    assert normalize_identifier("朔城科罚（２０２４）１２号") == normalize_identifier("朔城科罚 (2024) 12号")
    assert normalize_identifier("91140602ma0k2b3c4d") == "91140602MA0K2B3C4D"


def test_an_identifier_with_invisible_characters_pasted_in_is_the_same_identifier():
    plain = normalize_identifier("甲罚〔2025〕6号")
    for spelled in ("甲罚〔2025〕\u200b6号", "\ufeff甲罚〔2025〕6号", "甲罚〔2025\u2060〕6号", "\u202e甲罚〔2025〕6号\u202c",
                    "甲罚（2025）\u00ad6号"):
        assert normalize_identifier(spelled) == plain, spelled
