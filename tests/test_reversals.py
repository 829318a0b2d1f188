"""A restriction lifted is no restriction imposed (detente/coding/reversals.py, ANNOTATION.md §2): where
sanctions, tariffs, bans or curfews are lifted, ended, scrapped or suspended, the restriction itself is
not coded as a SANCTION or COERCE — the opposite of what happened. The lifting is coded where the
lexicon or the model reads it."""
import pytest

from conftest import find

LIFTINGS = [
    ("The European Union lifted its sanctions on Syria.", "EU", "SYR"),
    ("Japan ended its ban on beef imports from Brazil.", "JPN", "BRA"),
    ("Washington scrapped the tariffs on Mexican steel.", "USA", "MEX"),
    ("Canada suspended its retaliatory tariffs on American goods.", "CAN", "USA"),
]


@pytest.mark.parametrize("coded", ["code", "code_default"])
@pytest.mark.parametrize("text,src,tgt", LIFTINGS)
def test_a_lifted_restriction_is_not_coded_as_imposed(coded, request, text, src, tgt):
    events = request.getfixturevalue(coded)(text)
    assert not find(events, event="SANCTION") and not find(events, event="COERCE")
    # whatever is coded is the easing, asserted
    assert all(e["event"] in ("CONCEDE", "RETREAT") and e["factuality"] == "asserted" for e in events)


@pytest.mark.parametrize("coded", ["code", "code_default"])
def test_a_lifting_the_lexicon_knows_is_coded(coded, request):
    code = request.getfixturevalue(coded)
    lifted = code("The European Union lifted its sanctions on Syria.")
    assert find(lifted, "EU", "CONCEDE", "SYR", "asserted") or find(lifted, "EU", "RETREAT", "SYR", "asserted")
    assert find(code("Japan ended its ban on beef imports from Brazil."), "JPN", "CONCEDE", "BRA", "asserted")


@pytest.mark.parametrize("coded", ["code", "code_default"])
def test_restrictions_imposed_or_kept_are_still_coded(coded, request):
    code = request.getfixturevalue(coded)
    assert find(code("The United States imposed new sanctions on Iran."), "USA", "SANCTION", "IRN", "asserted")
    extended = code("The European Union extended its sanctions on Russia for six months.")
    assert find(extended, "EU", "SANCTION", "RUS") and not find(extended, event="CONCEDE")
    # a lifting ruled out is the concession denied, and no sanction is imposed by it
    kept = code("Belarus will not lift its curfew in Minsk.")
    assert find(kept, "BLR", "CONCEDE", factuality="negated") and not find(kept, event="COERCE")


def test_the_lifting_verb_of_a_restriction():
    from detente.coding.reversals import lifting_verb
    from detente.nlp import Annotator
    doc = Annotator(None, None, skip=False).annotate(
        ["Japan lifted the sanctions and the embargo, and Peru imposed a ban on fishing."])[0].doc
    words = {t.text: t for t in doc}
    assert lifting_verb(words["sanctions"]).text == "lifted"
    assert lifting_verb(words["embargo"]).text == "lifted"  # a conjunct of the object
    assert lifting_verb(words["lifted"]).text == "lifted"  # the verb itself lifts one
    assert lifting_verb(words["ban"]) is None and lifting_verb(words["imposed"]) is None
