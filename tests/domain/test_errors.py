"""Domain errors carry what a problem+json response needs: a stable type slug and fields."""

from __future__ import annotations

import pytest

from api.domain.errors import (
    DomainError,
    FieldError,
    InvalidDates,
    InvalidInput,
    InvalidJudgements,
    InvalidTransition,
    RuleViolated,
)


@pytest.mark.parametrize(
    ("error", "code", "family"),
    [
        (InvalidTransition("cannot publish a planned event"), "invalid-transition", DomainError),
        (InvalidJudgements("bad grades"), "invalid-judgements", InvalidInput),
        (InvalidDates("bad dates"), "invalid-dates", InvalidInput),
        (InvalidInput("no reason"), "invalid-input", DomainError),
        (
            RuleViolated("short-inspection-requires-short-pathway", "not on short"),
            "short-inspection-requires-short-pathway",
            DomainError,
        ),
    ],
)
def test_codes_and_families(error: DomainError, code: str, family: type[DomainError]) -> None:
    assert error.code == code
    assert isinstance(error, family)
    assert error.errors == []


def test_field_errors_and_detail_are_kept() -> None:
    error = InvalidDates("out of order", (FieldError("fieldwork_end", "before start"),))
    assert error.detail == "out of order"
    assert str(error) == "out of order"
    assert error.errors == [FieldError("fieldwork_end", "before start")]


def test_a_rule_slug_must_be_lower_kebab() -> None:
    with pytest.raises(ValueError, match="lower-kebab"):
        RuleViolated("Short inspection", "x")


def test_rule_codes_do_not_leak_between_instances() -> None:
    first = RuleViolated("rule-one", "x")
    second = RuleViolated("rule-two", "y")
    assert (first.code, second.code, RuleViolated.title) == (
        "rule-one",
        "rule-two",
        "Rule violated",
    )
