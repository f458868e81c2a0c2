"""Which source's word stands on a fact (api.domain.provenance): every pair of sources."""

from __future__ import annotations

from datetime import date

import pytest

from api.domain.provenance import Source, SourceKind, Verdict, decide, stands_over

K = SourceKind
CORRECTION = Source(K.CORRECTION, "admin")
RELEASE_2024 = Source(K.RELEASE, "2024.ods", date(2024, 3, 31))
RELEASE_2025 = Source(K.RELEASE, "2025.ods", date(2025, 3, 31))
API = Source(K.API, "inspector")
REPORT = Source(K.REPORT, "report.pdf")
MANIFEST = Source(K.MANIFEST, "report.pdf")
ESTIMATE = Source(K.ESTIMATE, "publication less 12 weeks")
ORDER = [CORRECTION, RELEASE_2025, API, REPORT, MANIFEST, ESTIMATE]


@pytest.mark.parametrize("stronger", range(len(ORDER)))
def test_precedence_is_a_strict_order(stronger: int) -> None:
    for weaker in ORDER[stronger + 1 :]:
        assert stands_over(ORDER[stronger], weaker)
        assert not stands_over(weaker, ORDER[stronger])


def test_an_admins_correction_stands_until_an_admin_changes_it() -> None:
    for source in ORDER[1:]:
        assert decide("good", CORRECTION, "outstanding", source) is Verdict.DISAGREE
    assert decide("good", CORRECTION, "outstanding", CORRECTION) is Verdict.APPLY


def test_a_newer_release_corrects_an_older_one_and_not_the_reverse() -> None:
    assert decide("good", RELEASE_2024, "inadequate", RELEASE_2025) is Verdict.APPLY
    assert decide("good", RELEASE_2025, "inadequate", RELEASE_2024) is Verdict.DISAGREE
    assert decide("good", RELEASE_2024, "good", RELEASE_2025) is Verdict.CONFIRM
    assert decide("good", RELEASE_2025, "good", RELEASE_2024) is Verdict.KEEP


def test_sources_fill_what_is_missing_and_say_nothing_with_none() -> None:
    for source in ORDER:
        assert decide(None, None, "x", source) is Verdict.APPLY
        assert decide("x", CORRECTION, None, source) is Verdict.KEEP


def test_a_report_over_its_manifest_and_any_source_over_an_estimate() -> None:
    day, other = date(2025, 1, 29), date(2025, 2, 3)
    assert decide(day, REPORT, other, MANIFEST) is Verdict.DISAGREE
    assert decide(other, MANIFEST, day, REPORT) is Verdict.APPLY
    assert decide(other, ESTIMATE, day, MANIFEST) is Verdict.APPLY
    assert decide(day, REPORT, day, RELEASE_2025) is Verdict.CONFIRM
