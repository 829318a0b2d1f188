"""Factuality: does the text assert an event, deny it, plan it, or only imagine it?
Rules (documented in docs/coding.md, "Factuality"):
  negated      — 'not'/'never'/'no' on the trigger or on a verb it depends on, 'without', or a refusal
                 verb above it ("refused to impose", "ruled out joining", "failed to reach"); negation is
                 shared by verbs conjoined under one subject ("will not impose sanctions ... or join NATO").
  hypothetical — a modal (may, might, could, should, must, can; 'would' outside reported speech), a
                 condition ('if', 'unless'), or a verb or noun of possibility above it (consider, threaten).
  future       — 'will'/'shall'/'going to', 'would' in reported speech ("said it would allow"), or an
                 intention or readiness word above it (plan, aspire, intend, willing, ready, prepared ...).
  asserted     — none of these.
Negation wins over hypothetical, hypothetical over future."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..model import Event
from . import ontology
from .spans import trigger_words

NEG_WORDS = {"not", "n't", "never", "no"}
NEG_GOVERNORS = {"refuse", "reject", "deny", "decline", "rule", "refusal", "rejection", "fail", "oppose",
                 "resist", "avoid", "refrain", "renege", "veto", "cancel", "abandon", "failure", "without",
                 "rebuff", "dismiss", "spurn", "halt", "suspend", "stop", "prevent", "forgo"}
HYPO_MODALS = {"may", "might", "could", "would", "should", "can", "must", "ca"}
HYPO_MARKS = {"if", "unless", "whether"}
HYPO_GOVERNORS = {"consider", "mull", "weigh", "threaten", "warn", "propose", "suggest", "possibility",
                  "prospect", "option", "threat", "likely", "possible", "may", "explore", "debate",
                  "proposal", "idea", "ultimatum", "study"}
# Nouns whose object is a topic, not an event that took place: "Serbia's stance on NATO membership",
# "negotiations on an Israeli troop pullback".
TOPIC_NOUNS = {"stance", "position", "question", "issue", "debate", "matter", "topic", "talk", "negotiation",
               "discussion", "dialogue", "consultation"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
FUTURE_GOVERNORS = {"plan", "intend", "aim", "aspire", "aspiration", "hope", "want", "seek", "prepare",
                    "expect", "vow", "pledge", "promise", "intention", "bid", "ambition", "set", "schedule",
                    "agree", "wish", "desire", "commit", "ready", "determined", "willing",
                    "prepared", "poised", "due", "offer", "undertake", "resolve",
                    "volunteer", "guarantee", "consent", "agreement", "commitment", "plan",
                    "willingness", "readiness", "able", "eager", "keen", "invite", "invitation", "upcoming",
                    "effort",  # "in an effort to secure a ceasefire deal": not secured yet ("attempted to kill" is an act)
                    "planned", "intended", "proposed", "future", "next",
                    # the content of an agreement is to come: "a treaty of friendship and cooperation"
                    "treaty", "accord", "pact", "memorandum", "roadmap"}
SPEECH_VERBS = {"say", "tell", "state", "announce", "emphasize", "emphasise", "stress", "insist", "claim",
                "add", "note", "reiterate", "declare", "assert", "argue", "report", "warn", "confirm",
                "write", "tweet", "suggest", "explain", "underline", "maintain", "allege", "acknowledge",
                "conclude", "quote", "believe", "reaffirm", "repeat", "indicate", "signal", "hint",
                "predict", "admit", "deny", "reply", "respond", "testify", "recall", "observe"}
# Speech verbs that deny what they report: "denied that its forces had shelled the village" denies the
# shelling, as "denied shelling the village" does (ANNOTATION.md §3: denials are negated).
DENYING_SPEECH = {"deny"}
FINITE_TAGS = {"VBD", "VBZ", "VBP"}
TEMPORAL_PREPS = {"after", "before", "during", "since", "following", "amid", "amidst", "despite", "while", "until",
                  "including"}
# A relative clause states its own fact: "a proposal, which Israel rejected" is an asserted rejection.
CHAIN_DEPS = {"xcomp", "acl", "pcomp", "pobj", "prep", "dobj", "advcl", "ccomp", "nsubjpass",
              "attr", "oprd", "amod", "compound", "acomp"}
# Adjectives on a nominal trigger: "the planned deployment", "a possible attack".
PLANNED = {"planned": "future", "proposed": "future", "upcoming": "future", "future": "future",
           "prospective": "future", "scheduled": "future", "possible": "hypothetical",
           "potential": "hypothetical", "hypothetical": "hypothetical", "threatened": "hypothetical"}
# A trigger's factuality is read up to the clause that states it; above a speech verb, the claim belongs
# to the speaker (recorded as `speaker`), not to the event's factuality.
STOP_AT = {"parataxis"}
# Clauses the parser hangs on one another across a semicolon are sentences of their own: in "Ecuador
# accused Peru of shelling a post; Peru denied any involvement" it makes "accused" the content of
# "denied", and the accusation read as denied.
CLAUSE_DEPS = {"ccomp", "conj", "advcl", "xcomp"}


def _semicolon_apart(tok: Token) -> bool:
    """Is the clause ``tok`` heads set off from the verb it hangs on by a semicolon?"""
    if tok.dep_ not in CLAUSE_DEPS or tok.pos_ not in ("VERB", "AUX"):
        return False
    lo, hi = sorted((tok.i, tok.head.i))
    # the semicolon hangs on one of the two: read their children, not every word between them
    return any(c.text == ";" and lo < c.i < hi for head in (tok, tok.head) for c in head.children)


def _own(tok: Token, reported: bool, speech_act: bool = False) -> tuple[bool, str | None]:
    """Markers attached to this token itself: (negated?, 'hypothetical'|'future'|None). For a speech act
    (a threat, a warning, a demand), an if-clause is the condition of what is threatened or demanded,
    not of the speech act: "China warned Taiwan of consequences if it declared independence"."""
    neg, mods = False, set()
    for c in tok.children:
        low = c.lower_
        if c.dep_ == "neg" or (low in NEG_WORDS and c.dep_ in ("advmod", "det", "neg")):
            nxt = c.nbor(1) if c.i + 1 < len(c.doc) else None
            if not (nxt is not None and nxt.lower_ in ("only", "just", "merely")):  # "not only ... but also"
                neg = True
        elif c.dep_ == "aux" and low == "would" and reported:
            mods.add("future")  # "said it would allow": future in the past
        elif c.dep_ == "aux" and low in HYPO_MODALS:
            mods.add("hypothetical")
        elif c.dep_ == "aux" and (low in FUTURE_AUX or c.lemma_ == "will" or low == "going"):
            mods.add("future")
        elif c.dep_ == "amod" and low in PLANNED:
            mods.add(PLANNED[low])
        elif c.dep_ == "mark" and low in HYPO_MARKS:
            mods.add("hypothetical")
        elif c.dep_ == "advcl" and not speech_act and (any(
                m.lower_ in ("if", "unless") for m in c.children if m.dep_ == "mark") or _inverted_condition(c)):
            mods.add("hypothetical")  # "would meet X if he gave them a veto": a conditional offer
    mod = "hypothetical" if "hypothetical" in mods else "future" if "future" in mods else None
    return neg, mod


def _inverted_condition(clause: Token) -> bool:
    """'should a ceasefire not be achieved': a condition written with the auxiliary first."""
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(c.dep_ == "aux" and c.lower_ in ("should", "had", "were") and any(s.i > c.i for s in subjects)
               for c in clause.children)


def is_reported(tok: Token) -> bool:
    return speech_head(tok) is not None


def _to_infinitive(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _finite_clause(tok: Token) -> bool:
    """An adverbial clause with its own subject or conjunction ("after a jet shot down ...", "when ...")
    states its own event; an infinitival or participial one ("to help", "calling for") does not."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in tok.children)


# A refusal or denial negates its complement ("refused to join", "rejected talks", "failed to reach an
# agreement"), not whatever hangs somewhere below it ("a veto over any settlement reached in talks").
COMPLEMENT_DEPS = {"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "nsubjpass", "attr", "oprd", "acomp"}


def governors(tok: Token, limit: int = 7):
    """Tokens above the trigger within its clause chain (xcomp, conj, acl, pcomp ...), with how the
    chain reached them: 'conj', 'chain' (a complement) or 'purpose' (an infinitival or participial adjunct);
    last, 'warning' for a speech verb of warning above reported content ("warned that ... will")."""
    cur = tok
    for _ in range(limit):
        if cur.head.i == cur.i or cur.dep_ in STOP_AT or _semicolon_apart(cur):
            break
        if cur.dep_ == "conj":
            # "will stop issuing visas ... and suspend work visas": a bare verb cannot be coordinated with
            # the gerund the parser hangs it on; it is a conjunct of the verb above ("stop"), sharing its
            # markers ("will"), not its meaning
            if cur.tag_ == "VB" and cur.head.tag_ == "VBG" and cur.head.dep_ == "xcomp":
                cur = cur.head
            cur = cur.head
            yield cur, "conj"
            continue
        if cur.dep_ == "pobj" and cur.head.lower_ in TEMPORAL_PREPS:
            break  # "during violent protests", "after suspending operations": a setting in time, stated as such
        if cur.dep_ == "pcomp" and cur.head.lower_ in TEMPORAL_PREPS:
            break
        if cur.dep_ in CHAIN_DEPS or (cur.dep_ == "relcl" and _to_infinitive(cur)):  # "calls to open"
            if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in SPEECH_VERBS:
                if cur.head.lemma_.lower() in HYPO_GOVERNORS:
                    yield cur.head, "warning"  # "warned that they will be deported": foreseen, not planned
                elif cur.head.lemma_.lower() in DENYING_SPEECH:
                    yield cur.head, "chain"  # "denied that it had supplied tanks": the content is denied
                break  # reported content: the speech verb's own markers are the speaker's
            if cur.dep_ == "advcl" and _finite_clause(cur):
                break
            if cur.dep_ == "acl" and cur.tag_ == "VBN":
                break  # "agreed to a ceasefire brokered by Egypt": a past participle states its own fact
            infinitival = any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
            asked = _content_of_object(cur) if cur.dep_ == "advcl" and infinitival else None
            if asked is not None:
                # "rejected calls to withdraw": the parser hangs the infinitive on the verb; it is what the
                # calls ask for, under the noun, as in "rejected calls to open the crossing"
                cur = asked
                yield cur, "chain"
                continue
            how = "purpose" if cur.dep_ == "advcl" else "chain" if cur.dep_ in COMPLEMENT_DEPS or (
                cur.dep_ in ("acl", "relcl") and infinitival) else "modifier"  # "the refusal to align"
            cur = cur.head
            yield cur, how
            continue
        break


def _own_tense(conjunct: Token, first: Token) -> bool:
    """A finite verb (past or present tense) conjoined with a verb of another form states its own clause."""
    return conjunct.tag_ in FINITE_TAGS and first.tag_ != conjunct.tag_ and first.pos_ in ("VERB", "AUX")


def own_factuality(trigger: Token) -> str:
    """Markers on a nominal event that names its own actor ("the U.S. sanctions", "Russia's attack"):
    a refusal or denial above it is about something else ("refused to align with Western sanctions")."""
    neg, mod = _own(trigger, is_reported(trigger))
    if any(c.lower_ == "no" and c.dep_ == "det" for c in trigger.children):
        neg = True
    return "negated" if neg else (mod or "asserted")


def factuality(trigger: Token, obj: Token | None = None, speech_act: bool = False) -> str:
    reported = is_reported(trigger)
    neg, mod = _own(trigger, reported, speech_act)
    if obj is not None and obj is not trigger:
        if any(c.lower_ == "no" and c.dep_ == "det" for c in obj.children):
            neg = True
    if any(c.lower_ == "no" and c.dep_ == "det" for c in trigger.children):
        neg = True
    # "refused to answer whether they would support X": a question is not denied by a refusal to answer it
    passed_modifier = any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in trigger.children)
    for gov, how in governors(trigger):
        if how == "warning":
            mod = "hypothetical" if mod == "future" else mod  # threatened or foreseen, not planned
            break
        gneg, gmod = _own(gov, reported)
        low = gov.lemma_.lower()
        passed_modifier = passed_modifier or how == "modifier"
        if how == "conj":
            # A conjunct with its own subject is a separate clause; otherwise it shares the markers. So
            # is a finite verb conjoined with a verb of another form: "would not recognise the annexation
            # and summoned the ambassador" cannot share "would not" (a summons in the past tense), where
            # "will not impose sanctions or join NATO" and "never called or wrote" share theirs.
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in trigger.children) or _own_tense(trigger, gov):
                break
            neg, mod = neg or gneg, mod or gmod
            continue
        if how == "purpose":
            # "blocked roads to press demands": a purpose shares the main verb's negation and modality
            # (its own markers), not the meaning of the main verb
            pass
        elif (low in NEG_GOVERNORS or gov.lower_ == "without") and how == "chain" and not passed_modifier:
            neg = True
        elif (low in HYPO_GOVERNORS and gov.pos_ in ("VERB", "NOUN", "ADJ")) or (low in TOPIC_NOUNS and gov.pos_ == "NOUN"):
            mod = "hypothetical"  # over future: "threatens that the U.S. will seize" is a threat, not a plan
        elif gov.lower_ == "going" and how == "chain":
            mod = mod or "future"  # "is going to impose"
        elif (low in FUTURE_GOVERNORS or gov.lower_ in FUTURE_GOVERNORS) and gov.pos_ in ("VERB", "NOUN", "ADJ"):
            mod = mod or "future"
        neg = neg or gneg
        mod = mod or gmod
        if gov.pos_ in ("VERB", "AUX") and gov.dep_ in ("ROOT",):
            break
    if neg:
        return "negated"
    return mod or "asserted"


# Words of refusal: refusing a cooperative act is a REJECT of it, not that act negated (ANNOTATION.md §4:
# "refused to sign the deal" is Vietnam's REJECT, no SUPPORT negated); a refused conflictual act stays that
# act, negated ("refuses to impose sanctions").
REFUSING = {"refuse", "refusal", "decline", "reject", "rejection", "rebuff", "spurn", "boycott"}


def refused(trigger: Token) -> bool:
    """Whether a word of refusal governs the trigger within its clause ("refused to sign", "the refusal of
    Serbia to align with"); a conjunct shares its head's ("refused to sign or ratify")."""
    for gov, how in governors(trigger):
        if how == "conj":
            continue
        if how in ("chain", "modifier") and gov.lemma_.lower() in REFUSING:
            return True
        if gov.pos_ in ("VERB", "AUX") and gov.dep_ == "ROOT":
            break
    return False


# Nouns whose infinitive says what they ask for: "calls to withdraw", "demands to release".
CONTENT_NOUNS = {"call", "demand", "request", "appeal", "plea", "pressure"}


def _content_of_object(clause: Token) -> Token | None:
    """The object noun an infinitival clause follows right after, when it is a noun of content ("rejected
    calls **to withdraw**"): what the parser made a purpose of the verb is the noun's content."""
    to = next((c for c in clause.children if c.dep_ == "aux" and c.lower_ == "to"), None)
    if to is None or to.i == 0:
        return None
    before = clause.doc[to.i - 1]
    if before.head.i == clause.head.i and before.dep_ in ("dobj", "nsubjpass") and before.lemma_.lower() in CONTENT_NOUNS:
        return before
    return None


def _clause_root(tok: Token) -> Token:
    """The root of the token's sentence, reached through its heads: the same token as ``tok.sent.root``
    in a parsed sentence (checked on every token of 150 corpus articles and of 30 % of the training
    records), without walking the whole sentence to find its bounds first, as Token.sent does."""
    for _ in range(len(tok.doc)):
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return tok


def speech_head(trigger: Token) -> Token | None:
    """The speech verb the trigger's clause is reported under ("Vucic said that ...")."""
    cur = trigger
    for _ in range(8):
        if _semicolon_apart(cur):
            break  # "X accused Y ...; Y denied it": no one reports the first clause
        if cur.dep_ in ("ccomp", "parataxis") and cur.head.lemma_.lower() in SPEECH_VERBS:
            return cur.head
        if cur.head.i == cur.i or cur.dep_ == "ROOT":
            break
        cur = cur.head
    # "..., officials said": the speech verb is a parataxis or ccomp-less dependent of the trigger's root
    root = _clause_root(trigger)
    if root.lemma_.lower() not in SPEECH_VERBS:
        for c in root.children:
            if c.dep_ in ("parataxis", "ccomp") and c.lemma_.lower() in SPEECH_VERBS and c.i > trigger.i:
                return c
    return None


def refused_cooperation(e: Event, doc: Doc) -> bool:
    """A cooperative act read as negated because a refusal governs it ("Vietnam refused to sign the deal"):
    the guide codes the refusal, a REJECT, and not the act (ANNOTATION.md §4; in the training statements
    that name a refusal, the gold codes no negated act). A refused conflictual act stays, negated."""
    if e.factuality != "negated" or ontology.quad_class(e.cameo) not in (1, 2):
        return False
    words = trigger_words(e, doc)
    return words is not None and refused(words.root)
