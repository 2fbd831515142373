from __future__ import annotations

import pytest

from {{ cookiecutter.__package_name }}.resilience.deadline import (
    Deadline,
)

from tests.resilience.fakes import FakeClock


def test_remaining_counts_down_to_zero_and_then_expires() -> None:
    clock = FakeClock()
    deadline = Deadline(15.0, clock)
    assert deadline.remaining() == 15.0
    assert not deadline.expired

    clock.advance(10.0)
    assert deadline.remaining() == 5.0
    assert deadline.elapsed() == 10.0

    clock.advance(6.0)
    assert deadline.remaining() == 0.0
    assert deadline.expired


def test_a_deadline_needs_a_positive_budget() -> None:
    with pytest.raises(ValueError, match=r"^a deadline needs a positive budget$"):
        Deadline(0)


def test_any_positive_budget_is_accepted_even_below_a_second() -> None:
    clock = FakeClock()
    assert Deadline(0.5, clock).remaining() == 0.5
    assert Deadline(1.0, clock).remaining() == 1.0
