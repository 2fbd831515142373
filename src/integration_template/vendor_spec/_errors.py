"""Why a vendor spec cannot propose answers, reported like the answer-validation report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..answers import UsageError

MAX_SHOWN = 120


@dataclass(frozen=True)
class SpecProblem:
    """One reason the spec cannot be used: where, what it says, why, what to give instead."""

    where: str
    value: object
    reason: str
    instead: str

    def render(self) -> str:
        shown = repr(self.value)
        if len(shown) > MAX_SHOWN:
            shown = shown[: MAX_SHOWN - 3] + "..."
        return f"  - {self.where} = {shown}: {self.reason} (instead: {self.instead})"


class VendorSpecError(UsageError):
    """The vendor spec cannot propose answers (exit code 2); nothing is written."""

    def __init__(self, spec: str, problems: Sequence[SpecProblem]) -> None:
        self.spec = spec
        self.problems = tuple(problems)
        noun = "problem" if len(self.problems) == 1 else "problems"
        lines = [
            f"the vendor spec {spec} cannot propose answers ({len(self.problems)} {noun}); "
            "nothing was generated."
        ]
        lines += [problem.render() for problem in self.problems]
        super().__init__("\n".join(lines))
