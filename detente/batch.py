"""The batch pipeline: sources are read lazily, new articles (by report id, against the store) are
coded in batches by one of the engines, and each batch is stored in one transaction by this process,
the only writer. A run is recorded in the store, so ``resume=True`` continues an interrupted run
where its last stored batch ended; report ids guarantee nothing is coded or stored twice.

Engines: ``local`` codes in this process (``n_process=1``) or in a pool of worker processes;
``dask`` sends batches to a Dask cluster (a LocalCluster when no scheduler address is given). Each
engine makes its Coder (detente.pipeline) and keeps it: the local engine makes one before its workers
fork, so they share it; a Dask worker makes one per run setting and keeps it on the worker."""
from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import logging
import multiprocessing
import os
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .actors import Resolver
from .actors.dictionaries import ENV_ACTORS, ENV_AGENTS, load_dictionaries
from .config import settings
from .errors import DetenteError, LanguageError, NotAnArticle
from .ingest import ReadOptions, iter_sources
from .ingest import count_records as _count_records
from .language import warm_up
from .model import Article
from .pipeline import CodedArticle, Coder, batches

log = logging.getLogger(__name__)


class EngineError(DetenteError):
    """The engine could not start: an unknown engine, or an unreachable Dask scheduler."""
    code = "E700"


@dataclass
class RunSummary:
    articles_seen: int = 0
    articles_coded: int = 0
    articles_skipped: int = 0  # already in the store (the same report), or twice in the input
    copies: int = 0  # coded articles whose text was already met from another outlet or URL (wire copies)
    resumed: int = 0  # records a resumed run did not read again (done before the interruption)
    failures: int = 0
    events: int = 0
    sentences: int = 0
    sentences_parsed: int = 0
    sentences_skipped: int = 0
    not_english: int = 0  # skipped by the language gate: reported, not coded, not a failure
    not_articles: int = 0  # files of a directory that are not articles (README, LICENSE): skipped
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        text = (f"{self.articles_coded} article(s) coded, {self.articles_skipped} already stored, "
                f"{self.failures} failed; {self.events} event(s) from {self.sentences} sentence(s) "
                f"({self.sentences_parsed} parsed, {self.sentences_skipped} skipped by the prefilter)")
        if self.copies:
            text += (f"; {self.copies} of them a copy of a text already met from another source "
                     f"(new mentions of the same happenings)")
        if self.not_english:
            text += f"; {self.not_english} not in English (skipped)"
        if self.not_articles:
            text += f"; {self.not_articles} file(s) not articles (skipped)"
        if self.resumed:
            text += f"; {self.resumed} record(s) done before the interruption"
        return text

    def as_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if k != "errors"}
        d["seconds"] = round(self.seconds, 2)
        return d


# -- engines ------------------------------------------------------------------------------------
class _Done:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


class LocalEngine:
    """Code in this process, or in ``n_process`` forked workers that share the loaded model: the
    engine's Coder (``coder``, else one made here) is made before the workers fork, and each worker
    codes with its copy."""

    def __init__(self, n_process: int = 1, prefilter: bool | None = None, coder: Coder | None = None):
        self.coder = coder or Coder(prefilter)
        self.n_process = max(1, n_process)
        self.window = 2 * self.n_process
        _warm_up(self.coder)  # model, gazetteer, lexicon and matchers once: forked workers inherit them
        self.pool = None
        if self.n_process > 1:
            ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
            # The loaded model, gazetteer and lexicon are shared with the forked workers page by page until
            # written. The cycle collector writes into every object it visits, so a worker's first
            # collections would copy most of the heap: frozen, they are left out of its collections.
            gc.collect()
            gc.freeze()
            try:
                self.pool = ctx.Pool(self.n_process, initializer=_Worker.start, initargs=(self.coder,))
            finally:
                gc.unfreeze()  # this process collects as before

    def submit(self, articles: list[Article]):
        if not articles:
            return _Done([])
        if self.pool is None:
            return _Done(self.coder.code_screened(articles))
        res = self.pool.apply_async(_Worker.code, (articles,))
        return _Wait(res)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()


# A few sentences of ordinary news prose: coding them loads the model, gazetteer, lexicon, matchers
# and place index and fills the tagger-dependent caches (detente/fastpipe.py) before workers fork.
WARM_UP_TEXT = (
    "Serbia's foreign minister met Russian officials in Moscow on Tuesday and said Belgrade would not "
    "impose sanctions. He didn't rule out new talks, but the government has refused to join NATO.\n\n"
    "Police arrested 12 protesters near the U.S. embassy after they threw stones at guards. The two "
    "countries signed an agreement on gas supplies; the EU criticized it, calling the deal 'harmful'. "
    "Rebels attacked a village in the north, killing three civilians and wounding dozens of others.")


def _warm_up(coder: Coder) -> None:
    warm_up()
    coder.code_screened([Article.make(WARM_UP_TEXT, dt.date(2024, 1, 1))], screen=False)


class _Worker:
    """A worker process of the local engine: the Coder it was started with (forked: not copied
    through a pipe) codes every batch it is sent."""
    coder: Coder | None = None

    @classmethod
    def start(cls, coder: Coder) -> None:
        cls.coder = coder

    @classmethod
    def code(cls, articles: list[Article]) -> list:
        return cls.coder.code_screened(articles)


class _Wait:
    def __init__(self, async_result):
        self.async_result = async_result

    def result(self):
        return self.async_result.get()


class DaskEngine:
    """Batches go to Dask workers (each loads the model once); results come back to the writer. The
    user dictionaries of this process (--actors/--agents) go with every batch (see _Dictionaries)."""

    def __init__(self, scheduler: str | None = None, n_workers: int = 2, prefilter: bool | None = None):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - a pinned dependency
            raise EngineError("the dask engine needs dask[distributed]; run `make install`") from None
        self.prefilter = prefilter
        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="10s")
            else:
                self.cluster = LocalCluster(n_workers=max(1, n_workers), threads_per_worker=1, processes=True,
                                            dashboard_address=None)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
        n = len(self.client.scheduler_info().get("workers", {})) or n_workers
        self.window = 2 * max(1, n)
        try:
            dictionaries = _Dictionaries.of_this_process()
        except OSError as exc:
            self.close()
            raise EngineError(f"cannot send the user dictionaries to the Dask workers: {exc}") from None
        # Sent to every worker once; each task names it, so a worker coding a batch (even one that
        # joined later, or one that coded another run's batches) has installed these dictionaries.
        self.dictionaries = self.client.scatter(dictionaries, broadcast=True, hash=False) if dictionaries else None

    def submit(self, articles: list[Article]):
        if not articles:
            return _Done([])
        return self.client.submit(_code_on_dask, articles, self.prefilter, self.dictionaries, pure=False)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


@dataclass(frozen=True)
class _Dictionaries:
    """The user's actor and agent dictionaries as (file name, text), to install on Dask workers: they
    may run on other machines, where the user's paths do not exist, and they do not inherit this
    process's resolver (the local engine's forked workers do)."""
    actors: tuple[tuple[str, str], ...]
    agents: tuple[tuple[str, str], ...]
    digest: str  # of both: a worker installs them once

    @classmethod
    def of_this_process(cls) -> "_Dictionaries | None":
        """Those named in this process's environment (actors.dictionaries.use_dictionaries)."""
        def read(var):
            paths = [p for p in os.environ.get(var, "").split(os.pathsep) if p]
            return tuple((Path(p).name, Path(p).read_text(encoding="utf-8")) for p in paths)
        actors, agents = read(ENV_ACTORS), read(ENV_AGENTS)
        if not actors and not agents:
            return None
        digest = hashlib.sha256(json.dumps([actors, agents]).encode("utf-8", "surrogatepass")).hexdigest()
        return cls(actors, agents, digest)

    def install(self) -> Resolver:
        """Write the files to a private folder (under their own names: the actors' reasons cite them)
        and return the resolver with them."""
        import atexit
        import shutil
        import tempfile
        folder = Path(tempfile.mkdtemp(prefix="detente-dictionaries-"))
        atexit.register(shutil.rmtree, folder, True)
        paths = {}
        for kind in ("actors", "agents"):
            paths[kind] = []
            for n, (name, text) in enumerate(getattr(self, kind)):
                path = folder / f"{kind}{n}" / name
                path.parent.mkdir()
                path.write_text(text, encoding="utf-8")
                paths[kind].append(str(path))
        return Resolver(load_dictionaries(paths["actors"], paths["agents"]))


def _code_on_dask(articles: list[Article], prefilter: bool | None, dictionaries: _Dictionaries | None) -> list:
    """A Dask task: code with this worker's Coder for the run's setting and dictionaries, made on the
    first batch and kept on the worker until a batch of another setting comes (a run without
    dictionaries codes with the bundled data only)."""
    try:
        from dask.distributed import get_worker
        worker = get_worker()
    except (ImportError, ValueError):  # not in a worker (a test calling the task): a Coder of its own
        worker = None
    coders = getattr(worker, "detente_coders", None)
    if coders is None:
        coders = {}
        if worker is not None:
            worker.detente_coders = coders
    key = (prefilter, dictionaries.digest if dictionaries else "")
    if key not in coders:
        coders.clear()  # one Coder a worker: that of the run it codes for
        resolver = dictionaries.install() if dictionaries is not None else Resolver()
        coders[key] = Coder(prefilter, resolver=resolver)
    return coders[key].code_screened(articles)


def make_engine(engine: str = "local", n_process: int = 1, scheduler: str | None = None,
                prefilter: bool | None = None, coder: Coder | None = None):
    """The engine of a run; ``coder``: the local engine codes with it (default: one made for the run)."""
    if engine == "dask":
        return DaskEngine(scheduler, n_workers=max(2, n_process), prefilter=prefilter)
    if engine != "local":
        raise EngineError(f"unknown engine {engine!r} (local or dask)")
    return LocalEngine(n_process, prefilter, coder)


# -- the run -------------------------------------------------------------------------------------
@dataclass
class _Batch:
    first: int  # ordinal of the first input record in this batch
    end: int  # one past the last
    items: list  # (kind, object): ("error", err) | ("known", article) | ("new", article) in input order
    copies: set = field(default_factory=set)  # ids of new articles whose text is already met (report_id)
    future: object = None


def run_key(paths: Iterable[str], options) -> str:
    """Identifies 'the same run' for --resume: the inputs and the reading options."""
    spec = {"paths": [str(Path(p).resolve()) if "://" not in str(p) else str(p) for p in paths],
            "options": repr(options)}
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:16]


def run(paths, store=None, *, date: dt.date | None = None, options=None, batch_size: int | None = None,
        engine: str = "local", n_process: int | None = None, scheduler: str | None = None,
        prefilter: bool | None = None, resume: bool = False,
        on_error: Callable | None = None, on_coded: Callable | None = None, on_known: Callable | None = None,
        progress: Callable[[int], None] | None = None, coder: Coder | None = None) -> RunSummary:
    """Code every article of ``paths`` into ``store``. Callbacks get, in input order: each bad record
    (on_error), each article already stored (on_known) and each coded article (on_coded);
    ``progress(n)`` is told how many input records each finished batch covered; ``coder``: the local
    engine codes with it (default: a Coder made for the run, with the dictionaries of the environment)."""
    options = options or ReadOptions(date=date)
    if date is not None and options.date is None:
        options = ReadOptions(**{**options.__dict__, "date": date})
    paths = list(paths)
    size = batch_size or settings.batch_size
    summary = RunSummary()
    started = time.perf_counter()
    key = run_key(paths, options)
    run_id, skip = None, 0
    if store is not None:
        previous = store.resumable_run(key) if resume else None
        if previous is not None:
            run_id, skip = previous
            log.info("resuming run %s after %d record(s)", run_id, skip)
        else:
            run_id = store.start_run(key, paths)
    eng = make_engine(engine, n_process or settings.n_process, scheduler, prefilter, coder)
    seen: set[str] = set()  # article ids, and "text:" + text hashes, met in this run
    pending: deque[_Batch] = deque()
    done_upto = skip
    try:
        records = enumerate(iter_sources(paths, options=options))
        for chunk in batches(records, size):
            batch = _prepare(chunk, skip, store, seen, summary)
            if batch is None:
                continue
            batch.future = eng.submit([obj for kind, obj in batch.items if kind == "new"])
            pending.append(batch)
            while len(pending) >= eng.window:
                done_upto = _finish(pending.popleft(), store, run_id, summary, on_error, on_coded, on_known,
                                    progress)
        while pending:
            done_upto = _finish(pending.popleft(), store, run_id, summary, on_error, on_coded, on_known, progress)
    finally:
        eng.close()
    summary.seconds = time.perf_counter() - started
    if store is not None and run_id is not None:
        store.finish_run(run_id, done_upto, summary.as_dict())
    return summary


def _prepare(chunk, skip: int, store, seen: set[str], summary: RunSummary) -> _Batch | None:
    todo = [(n, item) for n, item in chunk if n >= skip]
    summary.resumed += len(chunk) - len(todo)
    if not todo:
        return None
    articles = [item for _, item in todo if isinstance(item, Article)]
    known = store.known_ids([a.id for a in articles]) if store is not None else set()
    known_texts = store.known_texts([a.text_hash for a in articles]) if store is not None else set()
    items, copies = [], set()
    for _, item in todo:
        if isinstance(item, DetenteError):
            items.append(("error", item))
            continue
        if item.id in known or item.id in seen:
            items.append(("known" if item.id in known else "dup", item))
        else:
            seen.add(item.id)
            text = "text:" + item.text_hash
            if item.text_hash in known_texts or text in seen:
                copies.add(item.id)  # another outlet's copy: coded and stored as its own report
            seen.add(text)
            items.append(("new", item))
    return _Batch(todo[0][0], todo[-1][0] + 1, items, copies=copies)


def _finish(batch: _Batch, store, run_id, summary: RunSummary, on_error, on_coded, on_known, progress) -> int:
    results = iter(batch.future.result())
    coded: list[CodedArticle] = []
    ordered = []
    for kind, obj in batch.items:
        if kind == "new":
            res = next(results)
            if isinstance(res, DetenteError):
                ordered.append(("error", res))
            else:
                coded.append(res)
                ordered.append(("coded", res))
        else:
            ordered.append((kind, obj))
    if store is not None and coded:
        store.write(coded)  # one transaction for the batch
    for kind, obj in ordered:
        if kind == "error":
            if isinstance(obj, LanguageError):  # not English: skipped on purpose, not a failure
                summary.not_english += 1
            elif isinstance(obj, NotAnArticle):  # a README in a directory of articles
                summary.not_articles += 1
            else:
                summary.failures += 1
            summary.errors.append(str(obj))
            if on_error:
                on_error(obj)
            continue
        summary.articles_seen += 1
        if kind in ("known", "dup"):
            summary.articles_skipped += 1
            if on_known and kind == "known":
                on_known(obj)
        else:
            summary.articles_coded += 1
            summary.copies += obj.article.id in batch.copies
            summary.events += len(obj.events)
            summary.sentences += obj.stats.get("sentences", 0)
            summary.sentences_parsed += obj.stats.get("parsed", 0)
            summary.sentences_skipped += obj.stats.get("skipped", 0)
            if on_coded:
                on_coded(obj)
    if store is not None and run_id is not None:
        store.checkpoint_run(run_id, batch.end, summary.as_dict())
    if progress:
        progress(batch.end - batch.first)
    return batch.end


def count_records(paths, options=None) -> int | None:
    """How many records the inputs hold (for a progress bar's ETA); None if it cannot be told cheaply."""
    try:
        return _count_records(paths, options)
    except Exception:  # noqa: BLE001 — a progress bar is never worth a failure
        return None


def code_sources(paths, store=None, date: dt.date | None = None, batch_size: int | None = None,
                 on_error=None, on_coded=None, on_known=None, **options):
    """Read sources lazily, code new articles in batches and store each batch in one transaction
    (see ``run`` for the options: engine, n_process, resume, progress, coder …)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = [str(p) for p in paths]  # pathlib.Path or str: inputs are recorded as text for --resume
    return run(paths, store, date=date, batch_size=batch_size, on_error=on_error, on_coded=on_coded,
               on_known=on_known, **options)
