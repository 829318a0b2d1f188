"""Users learn the tool from its docs: each CLI command and option must be described there."""
from conftest import ROOT
from detente.cli import build_parser


def _docs_text() -> str:
    parts = [(ROOT / "README.md").read_text(encoding="utf-8")]
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(parts)


def _subcommands():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sub.choices


def test_every_command_is_documented_with_an_example():
    docs = _docs_text()
    for name in _subcommands():
        assert f"detente {name}" in docs, f"`detente {name}` is not described in README.md or docs/"


def test_every_option_is_documented():
    docs = _docs_text()
    for name, parser in _subcommands().items():
        for action in parser._actions:
            for opt in action.option_strings:
                if opt.startswith("--") and opt != "--help":
                    assert opt in docs, f"option {opt} of `detente {name}` is not documented"
