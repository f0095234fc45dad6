"""Text cleaned once at reading, and the XML writers' last defence."""

import sys
import unicodedata
import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from disclosure.core.text import Cleaned, clean, xml_safe

BREAKS = "\t\n\r\x0b\x0c\x85\u2028\u2029"


def _invisible(character: str) -> bool:
    code = ord(character)
    noncharacter = 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE
    return noncharacter or unicodedata.category(character) in ("Cc", "Cf", "Cs")


def test_every_control_format_surrogate_and_noncharacter_is_removed_and_reported():
    invisible = [chr(code) for code in range(sys.maxunicode + 1) if chr(code) not in BREAKS and _invisible(chr(code))]
    assert len(invisible) > 2000  # the surrogates alone are 2,048
    cleaned = clean("甲" + "".join(invisible) + "乙")
    assert cleaned.text == "甲乙" and cleaned.removed


def test_line_breaks_are_kept_as_line_breaks_and_visible_text_as_it_is():
    kept = "第一段\t甲\n第二段\u3000𠀀😀\ue000（私用区的生僻字）"
    assert clean(kept) == Cleaned(kept, False)
    assert clean("甲\u2028乙\x0b丙\x85丁") == Cleaned("甲\n乙\n丙\n丁", False)


def test_a_zero_width_space_or_a_bidi_override_is_gone_from_a_number():
    assert clean("甲罚〔2025〕\u200b6号").text == "甲罚〔2025〕6号"
    assert clean("\u202e甲罚〔2025〕6号\u202c\ufeff").text == "甲罚〔2025〕6号"


@given(st.text(st.characters(codec=None)))
def test_any_text_made_xml_safe_is_an_xml_document_s_text(text):
    document = f"<a>{xml_safe(text).replace('&', '&amp;').replace('<', '&lt;')}</a>".encode("utf-8", "surrogatepass")
    assert ET.fromstring(document).tag == "a"
