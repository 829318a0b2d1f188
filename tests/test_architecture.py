"""The stages depend one way (issue 17), held by a ratchet rather than a rewrite.

Every module of the ``detente`` package is parsed with ``ast``; every import in it (at module level,
inside functions, relative or absolute, under ``TYPE_CHECKING`` too) is an edge of the import graph.
Each module belongs to one stage (``STAGES``); an edge from a lower stage to a higher one is an
*upward import*. Today's upward imports are listed in ``KNOWN_UPWARD`` with the reason each exists:
a new one fails the build, and so does an entry that no longer exists, so the list only shrinks.
The same goes for modules over 600 lines (``KNOWN_LONG``) and for the counts quoted in
docs/architecture.md.

How an import becomes an edge: ``import a.b`` and ``from a import b`` (``b`` a submodule) point at
``a.b``; ``from a import name`` points at ``a`` (its ``__init__``). The parent packages that Python
also runs on the way are not counted, or every module would depend on ``detente/__init__.py``.

    /work/main/.venv/bin/python tests/test_architecture.py   # prints the graph's report
"""
from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "detente"
DOC = ROOT / "docs" / "architecture.md"
MAX_LINES = 600

# The stages, lowest first; a module may import its own stage and those before it.
STAGE_ORDER = ["model", "ingest", "nlp", "actors", "coding", "pipeline", "batch/store",
               "relations/export", "cli/web"]
# Module (or package prefix) -> stage. The longest matching prefix decides.
STAGES = {
    "detente.model": "model",
    "detente.errors": "model",            # the exception tree every stage raises
    "detente.config": "model",            # the settings every stage reads
    "detente.text": "model",              # the text cleaning Article.make applies
    "detente.ingest": "ingest",
    "detente.language": "ingest",         # the gate on an article's text: visible, valid, English
    "detente.nlp": "nlp",
    "detente.fastpipe": "nlp",            # stand-ins for two spaCy components
    "detente.actors": "actors",
    "detente.coding": "coding",
    "detente.pipeline": "pipeline",
    "detente.prefilter": "pipeline",      # which sentences to parse: asks actors and coding, so above them
    "detente.batch": "batch/store",
    "detente.store": "batch/store",
    "detente.relations": "relations/export",
    "detente.export": "relations/export",
    "detente.gdelt_geo": "relations/export",       # GDELT export columns: places
    "detente.gdelt_mentions": "relations/export",  # GDELT export rows: mentions
    "detente.evaluate": "relations/export",        # codes gold files and scores the events
    "detente.eval_news": "relations/export",       # reads and scores the annotated news
    "detente.cli": "cli/web",
    "detente.web": "cli/web",
    "detente.__main__": "cli/web",
    "detente.api": "cli/web",             # code_text, code_articles, code_sources: the library's entry points
    "detente": "cli/web",                 # detente/__init__.py: the public API over every stage
}

# Every upward import today: (importer, imported) -> why it is there. Remove an entry when the
# import goes; never add one without the reason and an issue to take it away. Empty since issue 17.
KNOWN_UPWARD: dict[tuple[str, str], str] = {}
# Every import cycle (strongly connected component) today. Same rule: a new or larger cycle fails, and
# a cycle that shrank or went must be updated here. None since issue 17.
KNOWN_CYCLES: list[list[str]] = []
# Modules allowed over MAX_LINES today, with their length when listed (shrink, never grow).
KNOWN_LONG: dict[str, int] = {}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    # a package's own __init__ is its level-1 base; a plain module's base is its parent package
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of the package that ``name`` imports anywhere in its file."""
    out: set[str] = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(name, is_package, node)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                targets.append(sub if sub in known else base)
        for target in targets:
            # `import detente.actors.x` may name a module; else keep the longest known prefix
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports_of(name, path, known) for name, path in mods.items()}


def stage_of(name: str) -> str:
    best = max((p for p in STAGES if name == p or name.startswith(p + ".")), key=len, default=None)
    assert best is not None, f"module {name} has no stage in STAGES: add it"
    return STAGES[best]


def rank(name: str) -> int:
    return STAGE_ORDER.index(stage_of(name))


def upward_imports(graph) -> set[tuple[str, str]]:
    return {(a, b) for a, targets in graph.items() for b in targets if rank(b) > rank(a)}


def cycles(graph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), largest first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found, key=lambda c: (-len(c), c))


def long_modules() -> dict[str, int]:
    lengths = {n: len(p.read_text(encoding="utf-8").splitlines()) for n, p in modules().items()}
    return {n: k for n, k in lengths.items() if k > MAX_LINES}


def counts() -> dict[str, object]:
    graph = import_graph()
    found = cycles(graph)
    return {"upward imports today": len(upward_imports(graph)),
            "import cycles today": len(found),
            "modules in cycles today": sum(len(c) for c in found),
            "largest import cycle today": max((len(c) for c in found), default=0),
            "modules over 600 lines today": len(long_modules())}


# -- the tests ------------------------------------------------------------------------------------
def test_the_parser_sees_every_kind_of_import(tmp_path):
    """A written module: relative at two levels, from a package, absolute, inside a function."""
    known = {"detente", "detente.a", "detente.a.b", "detente.a.c", "detente.d", "detente.e"}
    src = ("from .c import x\nfrom .. import d\nimport detente.e\n"
           "def f():\n    from ..d import y\n    from . import b\n")
    probe = tmp_path / "b.py"
    probe.write_text(src, encoding="utf-8")
    assert imports_of("detente.a.b", probe, known) == {"detente.a.c", "detente.d", "detente.e"}
    # the same lines in a package's __init__ (detente.a): one level up is detente.a itself
    init = tmp_path / "__init__.py"
    init.write_text("from .c import x\nfrom .. import d\n", encoding="utf-8")
    assert imports_of("detente.a", init, known) == {"detente.a.c", "detente.d"}


def test_every_module_has_a_stage():
    for name in modules():
        stage_of(name)
    assert not set(KNOWN_LONG) - set(modules()), "KNOWN_LONG names a module that is gone"


def test_no_new_upward_import():
    found = upward_imports(import_graph())
    new = sorted(found - set(KNOWN_UPWARD))
    assert not new, ("upward imports (a stage importing one above it): "
                     + "; ".join(f"{a} ({stage_of(a)}) -> {b} ({stage_of(b)})" for a, b in new)
                     + ". Import downward, or pass the object in from the caller.")


def test_known_upward_imports_still_exist():
    gone = sorted(set(KNOWN_UPWARD) - upward_imports(import_graph()))
    assert not gone, f"these upward imports are gone — remove them from KNOWN_UPWARD: {gone}"


def test_no_new_or_larger_cycle():
    found = cycles(import_graph())
    new = [c for c in found if c not in KNOWN_CYCLES]
    assert not new, f"import cycles not in KNOWN_CYCLES (new, or grown): {new}"
    gone = [c for c in KNOWN_CYCLES if c not in found]
    assert not gone, f"these cycles shrank or went — update KNOWN_CYCLES to today's: {gone} -> {found}"


def test_cycles_left_without_the_upward_imports_stay_inside_a_stage():
    """Take today's upward imports out and what cycles remain lie inside one stage (actors' resolver
    and its helpers, ingest's readers): removing the listed debt is what makes the stages one way."""
    graph = {a: {b for b in targets if (a, b) not in KNOWN_UPWARD} for a, targets in import_graph().items()}
    for component in cycles(graph):
        assert len({stage_of(m) for m in component}) == 1, f"a cycle across stages: {component}"


def test_the_prefilter_asks_the_actor_stage_through_its_public_interface():
    """Issue 17: the prefilter does not re-implement the resolver's rules; it asks the actor stage
    (``Resolver.reading(nlp).sentences_read``), so it imports the package ``detente.actors`` alone."""
    graph = import_graph()
    actors = {m for m in graph["detente.prefilter"] if m.startswith("detente.actors")}
    assert actors == {"detente.actors"}, f"the prefilter reaches into the actor stage: {sorted(actors)}"
    import detente.actors as public
    assert hasattr(public.Resolver, "reading") and hasattr(public.MentionReading, "sentences_read")


def test_no_module_over_600_lines_unless_listed():
    long = long_modules()
    new = {n: k for n, k in long.items() if n not in KNOWN_LONG}
    assert not new, f"modules over {MAX_LINES} lines: {new} — split them"
    grew = {n: k for n, k in long.items() if k > KNOWN_LONG[n]}
    assert not grew, f"listed long modules grew: {grew} (listed at {KNOWN_LONG})"
    short = sorted(set(KNOWN_LONG) - set(long))
    assert not short, f"now under {MAX_LINES} lines — remove from KNOWN_LONG: {short}"


def test_architecture_doc_quotes_todays_counts():
    text = DOC.read_text(encoding="utf-8")
    for label, value in counts().items():
        m = re.search(rf"^{re.escape(label)}: (\d+)\s*$", text, re.M)
        assert m, f"docs/architecture.md lacks a line `{label}: {value}`"
        assert int(m.group(1)) == value, f"docs/architecture.md says {label}: {m.group(1)}, the code: {value}"
    for a, b in KNOWN_UPWARD:
        assert f"`{a}` → `{b}`" in text, f"docs/architecture.md does not list the upward import {a} -> {b}"


def report() -> str:
    graph = import_graph()
    lines = [f"{k}: {v}" for k, v in counts().items()]
    lines.append("upward:")
    lines += [f"  {a} ({stage_of(a)}) -> {b} ({stage_of(b)})" for a, b in sorted(upward_imports(graph))]
    lines.append("cycles:")
    lines += [f"  {len(c)}: {' '.join(c)}" for c in cycles(graph)]
    lines.append(f"long: {long_modules()}")
    lines.append(f"edges: {sum(len(t) for t in graph.values())}, modules: {len(graph)}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
