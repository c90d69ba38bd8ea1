"""Problems found in input files, reported the way a user can find them: file, line, column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one place; ``line`` is the line number as a text editor shows it."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class DataValidationError(Exception):
    """Raised when an input table breaks a rule; carries every problem found, not the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(
            set(problems), key=lambda p: (p.file, p.line or 0, p.column or "", p.message)
        )
        super().__init__("\n".join(str(p) for p in self.problems))
