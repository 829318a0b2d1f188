"""Who did it and to whom: the source and target actors of a trigger, read from the dependency parse.

Source: the subject (active), the agent ("by X", passive), the subject inherited up an xcomp/conj
chain, the object of a control verb ("urged Serbia to ..."), the owner of a nominal event ("U.S.
sanctions", "Vulin's meeting"), or — for a pronoun subject ("Iraq said it would ...") — the actor
subject of the clause that governs it.
Target: the object, the passive subject, a prepositional object with a preposition the lexicon entry
names ("against", "on", "with", "to" ...), else the first actor in the trigger's own phrase."""
from __future__ import annotations

from spacy.tokens import Token

from ..actors.coref import verbs_above
from ..actors.resolver import ActorIndex
from ..model import Actor
from .lexicon import Trigger, lexicon, statement_nouns
from .noun_actors import (HEAD_NOUNS, MODIFIERS, NOUN_POS, Pair, actors_at, as_state, group_sector,  # noqa: F401
                          joint_authors, names_actor, of_object, people_group, role, same_actor)

SUBJ = ("nsubj", "csubj")
PRONOUNS = {"it", "they", "he", "she", "we", "its", "their", "his", "her", "our", "itself", "themselves"}
OBJECT_CONTROL = {"urge", "ask", "call", "press", "invite", "force", "pressure", "persuade", "encourage", "appeal",
                  "advise", "instruct", "warn", "compel", "oblige", "authorize", "authorise",
                  "tell", "allow", "permit", "help", "push", "implore", "exhort", "demand", "request"}
# "the government ordered the paper to suspend publication": the one who orders does the act.
CAUSATIVE = {"order", "instruct", "direct", "command"}
# "accuse X of doing", "thank X for doing": the object did the act in the complement.
OBJECT_OF_CONTENT = {"accuse", "charge", "blame", "suspect", "criticize", "criticise", "condemn", "praise",
                     "thank", "congratulate", "punish", "sanction", "convict", "indict", "fine", "sue",
                     "commend", "denounce", "fault", "reproach", "rebuke", "warn", "arrest", "detain"}
# Dependents whose subtree is not part of the trigger's own phrase: subordinate and relative clauses and
# parentheticals ("..., officials said"; "after a jet shot down ..."). Infinitival clauses are content:
# "a call for forces TO BE DEPLOYED", "send material TO HELP defend X", "pushing for the US TO SUPPORT".
FOREIGN = {"parataxis", "punct", "mark", "cc", "preconj", "expl", "meta"}
SOURCE_PREPS = {"by", "of", "from"}
HOSTILE = {"SANCTION", "COERCE", "ASSAULT", "THREATEN", "MOBILIZE", "PROTEST", "ACCUSE"}
# Prepositions that place an act rather than name its target: "blocked streets IN Hong Kong".
LOCATIVE = {"in", "at", "near", "inside", "outside", "across", "throughout", "around", "within"}
# "At the NATO summit, Trump renews his calls …": a setting, not the act the verb carries.
SETTINGS = {"at", "during", "after", "before", "amid", "amidst", "following", "since"}
STATIVE_PASSIVES = {"engage", "involve", "embroil", "entangle", "locked"}
# Verbs and nouns of dying or being hurt: who suffers them in an attack is its target.
VICTIM_VERBS = {"kill", "injure", "wound", "hurt", "assassinate", "murder", "execute", "abduct", "kidnap"}
VICTIM_NOUNS = {"death", "killing", "assassination", "murder", "injury", "abduction", "kidnapping"}
# "arrest 276 people in a joint operation with Chinese police", "in coordination with the DEA": who
# acts alongside, never the target.
JOINT_NOUNS = {"operation", "coordination", "cooperation", "collaboration", "partnership", "conjunction",
               "mission", "raid", "effort", "campaign", "offensive", "exercise", "patrol"}


def _infinitival(clause: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def foreign(dep: Token) -> bool:
    """Is this dependent outside its head's content (a subordinate clause, a parenthetical)?"""
    if dep.dep_ in FOREIGN:
        return True
    if dep.dep_ == "relcl":
        return not _infinitival(dep)
    if dep.dep_ == "advcl":
        marks = {c.lower_ for c in dep.children if c.dep_ == "mark"}
        if "for" in marks:
            return False
        has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in dep.children)
        if has_subject or marks:
            return True
        # "to help defend X" (purpose) and "..., calling for independence from Iraq" (manner) are content
        return not (_infinitival(dep) or dep.tag_ == "VBG")
    return False



def _is_pronoun(tok: Token) -> bool:
    return tok.lower_ in PRONOUNS or (tok.pos_ == "PRON" and tok.lower_ not in ("who", "which", "that"))


def _pronoun_antecedent(clause: Token, index: ActorIndex) -> list[Pair]:
    """'Iraq said it would allow ...': the actor subject of the nearest governing clause."""
    cur = clause
    for _ in range(6):
        if cur.head.i == cur.i:
            return []
        cur = cur.head
        for c in cur.children:
            if c.dep_ in SUBJ + ("nsubjpass",):
                acts = actors_at(c, index)
                if acts:
                    return [(a, c) for a in acts]
    return []


def _nearest_before(tok: Token, index: ActorIndex) -> list[Pair]:
    """The last actor named before ``tok`` in its sentence: "China asked the Philippines to withdraw ITS
    ship", "... warned Taiwan of consequences if IT declared independence"."""
    for t in reversed(list(tok.sent[: tok.i - tok.sent.start])):
        a = index.actor_for(t)
        if a is not None:
            return [(a, t)]
    return []


def possessor(pron: Token, index: ActorIndex) -> list[Pair]:
    """A possessive pronoun refers to the actor of the clause it is in, including a controlled clause:
    "Libya offered to hand over two of ITS nationals" (Libya), "China asked the Philippines to withdraw
    ITS ship" (the Philippines), "calling on Iran to halt ITS attacks" (Iran)."""
    for verb in verbs_above(pron):  # the first verb above decides
        got = subjects(verb, index)
        if got:
            return got
        subj = next((c for c in verb.children if c.dep_ in SUBJ), None)
        if subj is not None and not _is_pronoun(subj):
            return []  # "the group will continue its attacks": the group, whoever that is
        break
    return _nearest_before(pron, index)


def _in_condition(verb: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "until", "when") for c in verb.children)


def _subject_pairs(subj: Token, verb: Token, index: ActorIndex) -> list[Pair]:
    acts = actors_at(subj, index)
    if acts:
        return [(a, subj) for a in acts]
    poss = next((c for c in subj.children if c.dep_ == "poss" and _is_pronoun(c)), None)
    if poss is not None:  # "Bosnian Serbs said their forces had ...": the governing subject
        return _pronoun_antecedent(verb, index) or _nearest_before(poss, index)
    if _is_pronoun(subj):  # "Iraq said it would ...": the governing subject, except in a condition
        if _in_condition(verb):
            return _nearest_before(subj, index)
        return _pronoun_antecedent(verb, index) or _nearest_before(subj, index)
    return []


def subjects(verb: Token, index: ActorIndex, depth: int = 0) -> list[Pair]:
    """Who did it: nsubj, the agent of a passive, or the subject inherited up the chain."""
    if depth > 5:
        return []
    for c in verb.children:
        if c.dep_ in SUBJ and not _bare_participle(verb):
            got = _subject_pairs(c, verb, index)
            if got or c.lower_ not in ("who", "which", "that"):
                return got
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return [(a, p) for a in actors_at(p, index)]
    if any(c.dep_ == "nsubjpass" for c in verb.children) or _passive_raised(verb):
        return []  # a passive without its agent ("if it is attacked"): the doer is not named
    head = verb.head
    if head.i == verb.i:
        return []
    if verb.dep_ == "xcomp" and head.lemma_.lower() in CAUSATIVE:
        return subjects(head, index, depth + 1)
    if verb.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL:
        for c in head.children:
            if c.dep_ == "dobj":
                return [(a, c) for a in actors_at(c, index)]
        for c in head.children:  # "called on Iran to halt", "appealed to Israel to stop"
            if c.dep_ == "prep" and c.lower_ in ("on", "upon", "to"):
                for p in c.children:
                    if p.dep_ == "pobj" and actors_at(p, index):
                        return [(a, p) for a in actors_at(p, index)]
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ in ("acomp", "amod") and head.head.i != head.i:
        return subjects(head.head, index, depth + 1)  # "Norway is willing to send", "ready to host"
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        for c in head.children:  # a shared subject, even of a passive head: "was indicted ... and will resign"
            if c.dep_ in SUBJ + ("nsubjpass",):
                return _subject_pairs(c, head, index)
    if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp") and head.pos_ in ("VERB", "AUX"):
        if verb.dep_ == "ccomp" and any(c.dep_ in SUBJ + ("nsubjpass",) for c in verb.children):
            return []  # a ccomp with its own (non-actor) subject is someone else's act
        return subjects(head, index, depth + 1)
    if verb.dep_ in ("acl", "relcl") and head.pos_ in NOUN_POS:
        if any(c.dep_ == "nsubjpass" for c in verb.children):
            return []  # "observers who were taken hostage": the noun is the patient, the agent is unnamed
        own = actors_at(head, index)
        if own and (verb.dep_ == "relcl" or verb.tag_ == "VBG" or _infinitival(verb)):
            return [(a, head) for a in own]  # "Serbia's bid to join", "Hamas, which ..."
        if _infinitival(verb):
            return nominal_source(head, index, depth + 1)  # "Moscow had no plans to attack": the plan's owner
        if verb.tag_ == "VBG" and people_group(head) is not None:
            return []  # "demonstrators protesting ...": they do it, and they are no known actor
        if head.lemma_.lower() in statement_nouns() and verb.tag_ == "VBG":
            return nominal_source(head, index, depth + 1)  # "Russia issued a statement condemning …"
        if not lexicon().lookup("N", head.lemma_):
            return []  # "36 people believed to have been involved": a noun that is no event has no owner's act
        return nominal_source(head, index, depth + 1)  # "the sanctions imposed on Vulin": the owner of the noun
    if verb.dep_ == "pcomp":
        gov = head.head
        if head.lower_ in ("of", "for") and gov.lemma_.lower() in OBJECT_OF_CONTENT:
            for c in gov.children:  # "accused the rebels of violating": the rebels violated
                if c.dep_ in ("dobj", "nsubjpass") and actors_at(c, index):
                    return [(a, c) for a in actors_at(c, index)]
            if gov.dep_ == "acl" and gov.head.pos_ in NOUN_POS:  # "its nationals suspected by the West of ..."
                return _subject_pairs(gov.head, gov, index)
            return []  # the accused is not an actor: never the accuser
        return subjects(gov, index, depth + 1)
    return []


def nominal_source(noun: Token, index: ActorIndex, depth: int = 0,
                   target_preps: frozenset[str] = frozenset()) -> list[Pair]:
    """Source of a nominal event: "U.S. sanctions", "Vulin's meeting", "a call by X", else the subject
    of the clause that governs the noun ("Serbia signed agreements", "staged demonstrations")."""
    own_target = noun.lemma_.lower() in lexicon().modifier_targets  # "NATO membership": NATO is joined
    poss_target = noun.lemma_.lower() in lexicon().possessor_targets  # "Navalny's arrest": he is arrested
    for c in noun.children:
        if c.dep_ in MODIFIERS and not (own_target and c.dep_ != "poss") and not (poss_target and c.dep_ == "poss"):
            acts = actors_at(c, index)
            if acts:
                return _uniq([(a, c) for a in acts] + joint_authors(c, index))
            if c.dep_ == "poss" and _is_pronoun(c):  # "its attacks": who does the clause's act
                return possessor(c, index)
    for c in noun.children:  # "sanctions placed on him by the U.S. government": the participle's agent
        if c.dep_ == "acl" and c.tag_ == "VBN":
            for ag in c.children:
                if ag.dep_ == "agent":
                    acts = [(a, p) for p in ag.children if p.dep_ == "pobj" for a in actors_at(p, index)]
                    if acts:
                        return acts
    for c in noun.children:  # "a refusal of Serbia", "a call by X"; not "the invasion of Iraq" (its target)
        if c.dep_ == "prep" and c.lower_ in SOURCE_PREPS - target_preps:
            for p in c.children:
                acts = actors_at(p, index) if p.dep_ == "pobj" else []
                if acts:
                    return [(a, p) for a in acts]
    if noun.dep_ == "conj" and noun.head.pos_ in NOUN_POS:
        for c in noun.head.children:  # "a Ukrainian missile and drone attack": the first conjunct's author
            if c.dep_ in ("amod", "compound", "poss") and c.i < noun.head.i and index.actor_for(c) is not None:
                return [(a, c) for a in actors_at(c, index)]
    if depth > 4:
        return []
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
        gov = head.head
        if gov.pos_ in ("VERB", "AUX"):
            return _light_verb_subject(gov, index, depth)
        if gov.pos_ in NOUN_POS + ("NUM",) and gov.dep_ in ("dobj", "attr", "nsubj", "conj"):
            # "held a round of talks", "a wave of attacks": through one container noun only
            return nominal_source(gov, index, depth + 1)
    if noun.dep_ in ("dobj", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
        return _light_verb_subject(head, index, depth)
    if noun.dep_ == "conj" and head.pos_ in NOUN_POS:
        return nominal_source(head, index, depth + 1, target_preps)
    return []


def _light_verb_subject(verb: Token, index: ActorIndex, depth: int) -> list[Pair]:
    """The subject of the verb that carries a nominal event ("staged demonstrations", "took part in
    talks"); a stative passive carries its subject too ("were engaged in ethnic cleansing")."""
    got = subjects(verb, index, depth + 1)
    if got:
        return got
    if verb.lemma_.lower() in STATIVE_PASSIVES and not any(c.dep_ == "agent" for c in verb.children):
        for c in verb.children:
            if c.dep_ == "nsubjpass":
                return [(a, c) for a in actors_at(c, index)]
    return []


def _pobj_pairs(head: Token, preps: frozenset[str], index: ActorIndex) -> list[Pair]:
    out = []
    for c in head.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
            pobjs = [p for p in c.children if p.dep_ == "pobj"]
            for p in pobjs:
                out.extend((a, p) for a in actors_at(p, index))
            if not pobjs:  # the parser lost the object ("to five Panamanian officers holed up ..."):
                for t in c.doc[c.i + 1: min(c.i + 6, c.sent.end)]:  # the first actor right after the preposition
                    if t.is_punct:
                        break
                    if index.actor_for(t) is not None:
                        out.append((index.actor_for(t), t))
                        break
    return out


def structured_targets(trigger: Token, entry: Trigger, obj: Token | None, index: ActorIndex,
                       nominal: bool) -> list[Pair]:
    """Targets in the roles the grammar gives them: object, passive subject, named prepositions."""
    out: list[Pair] = []
    if not nominal:
        for c in trigger.children:
            # the entry's object word may be the target ("expelled two Russian diplomats"); one of the
            # source's own country is not (extract._own_means: "send troops")
            if c.dep_ in ("nsubjpass", "dobj", "dative") or (c.dep_ == "nsubj" and _bare_participle(trigger)):
                out.extend((a, c) for a in actors_at(c, index))
        if trigger.dep_ == "acl" and trigger.tag_ == "VBN" and trigger.head.pos_ in NOUN_POS:
            # "civilians kidnapped by the ELN": the noun the participle describes undergoes the act
            out.extend((a, trigger.head) for a in actors_at(trigger.head, index))
        if _passive_raised(trigger):  # "50 soldiers are reported to have been killed by ...": the soldiers
            for c in trigger.head.children:
                if c.dep_ in ("nsubjpass", "nsubj"):
                    out.extend((a, c) for a in actors_at(c, index))
    preps = entry.preps | ({"on", "against"} if entry.objects and entry.event in HOSTILE else frozenset())
    out.extend(_pobj_pairs(trigger, preps, index))
    if obj is not None and obj is not trigger:
        out.extend(_pobj_pairs(obj, preps, index))
        for c in obj.children:  # "sanctions imposed on X": the participle carries the target
            if c.dep_ == "acl":
                out.extend(_pobj_pairs(c, preps, index))
    if nominal:
        for c in trigger.children:
            if c.dep_ == "acl":
                out.extend(_pobj_pairs(c, preps, index))
            if (("@modifier" in entry.preps and c.dep_ in ("compound", "amod", "nmod")) or
                    ("@possessor" in entry.preps and c.dep_ == "poss")) and not joint_authors(c, index):
                out.extend((a, c) for a in actors_at(c, index))
        # "the meeting with Putin" may hang the prepositional phrase on the governing verb
        if trigger.dep_ in ("dobj", "nsubjpass") and trigger.head.pos_ in ("VERB", "AUX"):
            out.extend(_pobj_pairs(trigger.head, entry.preps, index))
        victim = _killed_in(trigger)
        if victim is not None and entry.event == "ASSAULT":  # a named victim: a generic one ("three
            # soldiers killed in a Russian strike") took the only country named, often the attacker's
            out.extend((a, victim) for a in actors_at(victim, index) if not a.reason.startswith("generic"))
    return _uniq(out)


def phrase_actors(trigger: Token, index: ActorIndex, skip: set[int]) -> list[Pair]:
    """Actors inside the trigger's own phrase (its subtree without subjects, subordinate clauses and
    parentheticals), nearest first after the trigger, then before it — PETRARCH's "first actor in the
    verb phrase", bounded by the parse."""
    keep: list[Token] = []
    struck = any(e.event in HOSTILE for e in lexicon().lookup("N" if trigger.pos_ in NOUN_POS else "V", trigger.lemma_))

    def walk(tok: Token, top: bool) -> None:
        for c in tok.children:
            if foreign(c) or (top and c.dep_ in SUBJ + ("nsubjpass", "agent")) or c.i in skip or _attribution(c) \
                    or (struck and _alongside(c)):
                continue
            keep.append(c)
            walk(c, False)

    walk(trigger, True)
    after = sorted((t for t in keep if t.i > trigger.i), key=lambda t: t.i)
    before = sorted((t for t in keep if t.i < trigger.i), key=lambda t: -t.i)
    ordered = after + before
    gov = _carrier(trigger)
    if gov is not None and gov.i not in skip:
        # "the deployment of NATO troops arrived in Bosnia", "staged demonstrations to demand reforms by
        # X's government", "pledged $500 million in aid to Ukraine": the phrase of the verb that carries
        # the nominal event, after the noun's own phrase
        inner = {t.i for t in trigger.subtree}
        extra: list[Token] = []
        for c in gov.children:
            if c.i not in inner and not foreign(c) and c.dep_ not in SUBJ + ("nsubjpass", "agent") \
                    and not _attribution(c) and not any(t.i in inner for t in c.subtree):
                extra.extend(t for t in c.subtree if t.i not in skip)
        ordered += sorted(extra, key=lambda t: (t.i < trigger.i, abs(t.i - trigger.i)))
    # "airstrikes on a car in Zawtar, Lebanon" hit Lebanon; "the summit in Ankara, Turkey" is held there
    out: list[Pair] = []
    for t in ordered:
        a = index.actor_for(t)
        if a is not None and (struck or not _place_apposition(t)):
            out.append((a, t))
    return _uniq(out)


def _killed_in(noun: Token) -> Token | None:
    """'A Hamas commander was killed in an attack by Israel', 'the death of X in an airstrike': who died
    in the attack is its target (the passive subject of the verb, or the one whose death it is)."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in ("in", "during", "by"):
        return None
    head = noun.head.head
    if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in VICTIM_VERBS:
        return next((c for c in head.children if c.dep_ == "nsubjpass"), None)
    if head.pos_ in NOUN_POS and head.lemma_.lower() in VICTIM_NOUNS:
        return of_object(head)
    return None


def _alongside(prep: Token) -> bool:
    """'with X' after a joint act ("a joint operation with Chinese police") names a partner of a hostile
    act, not its target (a cooperation with X keeps X: see phrase_actors)."""
    if prep.dep_ != "prep" or prep.lower_ not in ("with", "alongside"):
        return False
    head = prep.head
    return prep.lower_ == "alongside" or (head.pos_ in NOUN_POS and (
        head.lemma_.lower() in JOINT_NOUNS and (head.lemma_.lower() != "operation" or
                                                any(c.lower_ in ("joint", "combined") for c in head.children))))


def _attribution(tok: Token) -> bool:
    """'according to Ukrainian officials', 'citing Israeli sources': who says so, never whom it is done to."""
    return (tok.dep_ == "prep" and tok.lower_ == "according") or (tok.lower_ == "citing" and tok.tag_ == "VBG")


def _place_apposition(tok: Token) -> bool:
    """'the summit in Ankara, Turkey': a country after a place it locates says where, not to whom."""
    return tok.dep_ in ("appos", "conj", "npadvmod") and tok.head.i < tok.i and is_locative(tok.head) \
        and tok.doc[tok.i - 1].text == ","


def _bare_participle(verb: Token) -> bool:
    """A past participle with a subject but no auxiliary: "with 30 civilians kidnapped" — the
    absolute construction is passive, its subject undergoes the act."""
    if any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    if verb.dep_ == "pcomp" and verb.head.lower_ == "with":  # the tagger often reads it as a past tense
        return verb.tag_ in ("VBN", "VBD")
    return verb.tag_ == "VBN" and verb.dep_ == "advcl"


def _passive_raised(verb: Token) -> bool:
    """A passive infinitive whose subject sits on the verb above it ("are reported to have been killed")."""
    return verb.dep_ == "xcomp" and any(c.dep_ == "auxpass" for c in verb.children) \
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def is_locative(tok: Token) -> bool:
    """Is this token (or the noun phrase it is part of) the object of a place preposition ("blocked streets
    IN Hong Kong")?"""
    for _ in range(4):
        if tok.dep_ not in ("compound", "amod", "nmod", "poss", "det", "flat") or tok.head.i == tok.i:
            break
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ in LOCATIVE | {"from"}


def _carrier(noun: Token) -> Token | None:
    """The verb that carries a nominal trigger: its head when the noun is subject or object, or up through
    a preposition and a container noun ("pledged $500 million IN AID")."""
    if noun.pos_ not in NOUN_POS:
        return None
    cur = noun
    for _ in range(3):
        head = cur.head
        if head.i == cur.i:
            return None
        if cur.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and head.pos_ in ("VERB", "AUX"):
            return head
        if cur.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in NOUN_POS + ("NUM",) \
                and head.lower_ not in SETTINGS:
            cur = head.head
            continue
        if cur.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX") \
                and head.lower_ not in SETTINGS:
            return head.head  # "remained on alert in the West Bank", "went on strike"
        return None
    return None


def _uniq(pairs: list[Pair]) -> list[Pair]:
    seen, out = set(), []
    for a, t in pairs:
        key = (a.key, a.sector, a.start)
        if key not in seen:
            seen.add(key)
            out.append((a, t))
    return out


def conditional_parties(trigger: Token, index: ActorIndex) -> list[Pair]:
    """'threatened to strike unless Israel rescinded ...': the subject of the condition is the party the
    threat (or demand) is aimed at."""
    out: list[Pair] = []
    for t in trigger.subtree:
        if t.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless", "until") for m in t.children):
            for c in t.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    out.extend((a, c) for a in actors_at(c, index))
    return out


def between(noun: Token, index: ActorIndex) -> list[Pair]:
    """'the meeting between A and B', 'clashes between A and B': with no other source, A acts towards B."""
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "between":
            for p in c.children:
                if p.dep_ == "pobj":
                    pairs = [(a, p) for a in actors_at(p, index)]
                    keys = {a.key for a, _ in pairs}
                    if len(pairs) >= 2 and len(keys) >= 2:
                        return pairs
    return []


# Acts done together, whose "with" names the other party ("meet with", "sign with", "clash with"):
# coordinated subjects do them to each other. Not one-sided acts that also take "with" ("side with",
# "express solidarity with", "plead with", "lodge a complaint with").
MUTUAL_EVENTS = {"AGREE", "CONSULT", "COOPERATE", "SUPPORT", "ASSAULT", "SANCTION"}
# Entries of other types whose joint subjects act on each other: "Morocco and Algeria traded accusations".
MUTUAL_ENTRIES = {"accuse.trade_accusations", "accuse.exchange_accusations"}
ONE_SIDED = {"support.express_support", "support.solidarity", "support.side_with", "support.reaffirm",
             "support.reiterate", "sanction.suspend", "sanction.suspension", "sanction.halt", "sanction.cancel",
             "sanction.postpone"}


def partners(src: Actor, sources: list[Pair], entry: Trigger) -> list[Pair]:
    """'Qatar and Ukraine sign a pact', 'Israel and Hezbollah agreed to a ceasefire', 'Iranian president
    Pezeshkian and Russian president Putin sign a treaty': each subject's target is the other subjects."""
    if "with" not in entry.preps or (entry.event not in MUTUAL_EVENTS and entry.id not in MUTUAL_ENTRIES) \
            or entry.id in ONE_SIDED:
        return []
    return _uniq([(a, t) for a, t in sources if not same_actor(src, a)])


def with_conjuncts(pairs: list[tuple[Actor, Token]]) -> list[tuple[Actor, Token]]:
    """The first target of the phrase, and those coordinated with it: "struck targets in Lebanon and
    Syria" strikes both (ANNOTATION.md §5: one event per named participant)."""
    if not pairs:
        return []
    first = pairs[0][1]
    if first is None:
        return pairs[:1]
    group = {first.i} | {c.i for c in first.children if c.dep_ == "conj"}
    if first.dep_ == "conj":
        group |= {first.head.i} | {c.i for c in first.head.children if c.dep_ == "conj"}
    return [pairs[0]] + [(a, t) for a, t in pairs[1:] if t is not None and t.i in group and t.i != first.i]
