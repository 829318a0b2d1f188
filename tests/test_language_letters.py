"""The language gate's fast letter and script counts agree with the per-character definitions."""
from hypothesis import given, settings, strategies as st

from detente.language import _NOT_LATIN, _is_latin, _letters, detect


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(max_size=60))
def test_letters_and_latin_share_match_per_character_tests(text):
    letters = [c for c in text if c.isalpha()]
    assert _letters(text) == "".join(letters)
    assert len(letters) - len(_NOT_LATIN.findall("".join(letters))) == sum(1 for c in letters if _is_latin(c))


def test_numerals_that_are_not_decimal_digits_are_not_letters():
    assert _letters("Ⅻ ² ½ Vulin_2024 ﬁ Ω") == "VulinﬁΩ"


def test_scripts_still_decide():
    assert detect("Сербия не будет вводить санкции против России, заявил министр.").language != "en"
    assert detect("Serbia will not impose sanctions on Russia, the minister said on Thursday.").english
