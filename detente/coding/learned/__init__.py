"""The learned event coder: linear models over parse, actor and lexicon features, trained from
hand-coded news by `make train` (detente.coding.learned.train), run with numpy."""
from .coder import CoderModel, decode_sentence, load_model, reread_factuality, to_events
from .rerank import filter_events, with_candidates

__all__ = ["CoderModel", "decode_sentence", "filter_events", "load_model", "reread_factuality", "to_events", "with_candidates"]
