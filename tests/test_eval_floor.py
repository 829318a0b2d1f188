"""The accuracy floor on the PLOVER development gold (../shared/gold/plover_gsr_dev.jsonl): CI fails when
the coder gets worse. Skipped when ../shared is absent. Raise the floor as the coder improves; the
measured figures are in bench/EVAL.md (bench/eval_report.py)."""
import pytest

from conftest import SHARED

DEV = SHARED / "gold" / "plover_gsr_dev.jsonl"
# Measured, rounded down (bench/EVAL.md has the full report). Issue #4 targets: type 0.80, triple 0.65.
FLOOR = {"event_type_recall": 0.80, "triple_recall": 0.69, "triple_precision": 0.645, "event_type_precision": 0.77}

pytestmark = pytest.mark.skipif(not DEV.exists(), reason="../shared/gold is not available")


@pytest.fixture(scope="module")
def result():
    """The rules alone: their precision floors guard the lexicon and rules the combined coder keeps."""
    from detente.evaluate import evaluate
    return evaluate(DEV, coder="rules")


def test_the_default_coder_keeps_plover_type_recall():
    """The combined coder (learned model + rules), as users run it: type recall stays >= 0.80."""
    from detente.evaluate import evaluate
    value = evaluate(DEV).metrics()["event_type_recall"]
    assert value >= 0.80, f"type recall {value} fell below 0.80"


def test_every_dev_record_is_read(result):
    assert result.n_records == 192 and not result.skipped


@pytest.mark.parametrize("metric", sorted(FLOOR))
def test_dev_scores_stay_above_the_floor(result, metric):
    value = result.metrics()[metric]
    assert value is not None and value >= FLOOR[metric], f"{metric} {value} fell below {FLOOR[metric]}"


# The news gold (../shared/gold/news): the default coder's floors, measured and rounded down
# (bench/EVAL.md). Issue #13 targets F1 0.60 on statements and 0.45 on articles: not reached yet.
# learned-10 (the filter reads who a triple is between, and keeps an article's triples from a threshold
# of their own) raised the statements 0.498 → 0.518, the articles 0.399 → 0.400; learned-11 (rule fixes)
# reads 0.517 and 0.409; learned-19 (the filter reads its sentences' words) 0.530 and 0.407.
NEWS = SHARED / "gold" / "news"
NEWS_FLOOR = {"f1": 0.52, "factuality_accuracy": 0.95}
ARTICLE_FLOOR = {"f1": 0.40}


@pytest.fixture(scope="module")
def news_dev():
    from detente.eval_news import evaluate_news
    return evaluate_news(NEWS / "statements.jsonl", split="dev", coder="combined").metrics()


@pytest.mark.parametrize("metric", sorted(NEWS_FLOOR))
def test_news_statements_stay_above_the_floor(news_dev, metric):
    assert news_dev[metric] >= NEWS_FLOOR[metric], f"{metric} {news_dev[metric]} fell below {NEWS_FLOOR[metric]}"


def test_no_denial_is_coded_as_asserted(news_dev):
    assert news_dev["negated_coded_as_asserted"] == 0


def test_the_model_alone_codes_no_denial_as_asserted_either():
    # `--coder learned` is a user's choice too; its denials rest on the factuality model and the rules'
    # negation of acts (reading.py), without the combined coder's guard for the rules' own denials
    from detente.eval_news import evaluate_news
    m = evaluate_news(NEWS / "statements.jsonl", split="dev", coder="learned").metrics()
    assert m["negated_coded_as_asserted"] == 0


def test_news_articles_stay_above_the_floor():
    from detente.eval_news import evaluate_news
    m = evaluate_news(NEWS / "articles_dev.jsonl", coder="combined").metrics()
    assert m["f1"] >= ARTICLE_FLOOR["f1"] and m["negated_coded_as_asserted"] == 0
