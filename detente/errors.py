"""One exception tree. Every error carries a code and a one-line message naming where it happened."""
from __future__ import annotations


class DetenteError(Exception):
    code = "E000"

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path, self.line, self.detail = path, line, message
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message} [{self.code}]")


class InputError(DetenteError):
    """A source file or record could not be read (missing, empty, binary, bad encoding, bad JSON)."""
    code = "E100"


class DateError(InputError):
    code = "E110"


class LanguageError(InputError):
    code = "E120"


class NotAnArticle(InputError):
    """A file in a directory run that is not an article (SOURCE.txt, README, LICENSE …): reported as
    skipped, not read, not a failure."""
    code = "E130"


class DictionaryError(DetenteError):
    code = "E200"


class StoreError(DetenteError):
    code = "E300"


class QueryError(DetenteError):
    code = "E400"
