"""Problems found in input files, reported the way a user can find them: file, line, column."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

# A broken table can hold millions of bad rows; nobody reads past the first few dozen.
MAX_PER_FILE = 50


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


class ProblemLog:
    """Problems of one file, keeping the first ``limit`` and only counting the rest.

    Keeps memory bounded when every row of a huge table is wrong.
    """

    def __init__(self, limit: int = MAX_PER_FILE) -> None:
        self.limit = limit
        self.kept: list[Problem] = []
        self.dropped = 0

    @property
    def full(self) -> bool:
        """True once further problems are only counted (callers can skip building them)."""
        return len(self.kept) >= self.limit

    def add(self, problem: Problem) -> None:
        if len(self.kept) < self.limit:
            self.kept.append(problem)
        else:
            self.dropped += 1

    def __len__(self) -> int:
        return len(self.kept) + self.dropped


class DataValidationError(Exception):
    """Raised when an input table breaks a rule; carries every problem found, not the first.

    ``more`` counts, per file, problems that were found but not kept (see ``ProblemLog``).
    """

    def __init__(self, problems: list[Problem], more: dict[str, int] | None = None):
        self.problems = sorted(
            set(problems), key=lambda p: (p.file, p.line or 0, p.column or "", p.message)
        )
        self.more: Counter[str] = Counter({k: v for k, v in (more or {}).items() if v})
        super().__init__("\n".join(self.report_lines()))

    def __reduce__(self) -> tuple:
        """Rebuilt from its problems (a forked step's error crosses to the run by pickle)."""
        return (type(self), (self.problems, dict(self.more)))

    @property
    def count(self) -> int:
        return len(self.problems) + sum(self.more.values())

    def report_lines(self, limit: int = MAX_PER_FILE) -> list[str]:
        """At most ``limit`` lines per file, then "and N more in FILE"."""
        by_file: dict[str, list[Problem]] = {}
        for problem in self.problems:
            by_file.setdefault(problem.file, []).append(problem)
        lines: list[str] = []
        for file in sorted(set(by_file) | set(self.more)):
            mine = by_file.get(file, [])
            lines += [str(p) for p in mine[:limit]]
            rest = max(0, len(mine) - limit) + self.more[file]
            if rest:
                lines.append(f"and {rest:,} more in {file}")
        return lines
