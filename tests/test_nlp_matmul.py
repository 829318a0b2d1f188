"""The model's matrix products run on numpy's OpenBLAS (settings.matmul): the analysis is the same as
spaCy's own pipeline, token by token, and OpenBLAS is held to one thread per process."""
import pytest
import spacy
from threadpoolctl import threadpool_info

from detente import nlp as nlp_module
from detente.config import settings
from detente.nlp import ModelError, load

TEXTS = [
    "Serbia's deputy prime minister met the Russian president in Vladivostok on Thursday and said "
    "Belgrade would never impose sanctions on Moscow or join NATO.",
    "Police in Nairobi fired tear gas at hundreds of protesters who had marched on parliament, a "
    "spokesman for the interior ministry said. Three officers were hurt.",
    "The European Union and Japan signed a trade agreement in Brussels; China's foreign ministry "
    "criticised it the next day, calling the deal 'a threat to the region'.",
    "Rebels seized two villages near the border overnight. The army said it had retaken one of them "
    "by Saturday morning, killing 14 fighters and capturing weapons.",
]


def _analysis(docs):
    return [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_, t.is_sent_start)
            for doc in docs for t in doc]


@pytest.fixture(scope="module")
def plain():
    return spacy.load(settings.spacy_model)  # spaCy's own pipeline: BLIS, nothing of ours


def test_every_layer_of_the_loaded_model_uses_numpy_not_blis():
    ops = {(type(node.ops).__name__, node.ops.use_blis)
           for _, pipe in load().pipeline if getattr(pipe, "model", None) is not None
           for node in pipe.model.walk()}
    assert ops == {("NumpyOps", False)}


def test_the_analysis_is_the_same_as_spacys_own(plain):
    ours = _analysis(load().pipe(TEXTS))
    theirs = _analysis(plain.pipe(TEXTS))
    assert len(ours) > 100
    assert ours == theirs


def test_openblas_runs_one_thread():
    load()
    blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert blas and all(lib["num_threads"] == 1 for lib in blas)


def test_blis_setting_leaves_the_model_alone(plain, monkeypatch):
    monkeypatch.setattr(settings, "matmul", "blis")
    nlp_module._use_matmul(plain)
    assert all(node.ops.use_blis for _, pipe in plain.pipeline if getattr(pipe, "model", None) is not None
               for node in pipe.model.walk())


def test_an_unknown_setting_is_a_clear_error(plain, monkeypatch):
    monkeypatch.setattr(settings, "matmul", "gpu")
    with pytest.raises(ModelError, match="DETENTE_MATMUL"):
        nlp_module._use_matmul(plain)
