from __future__ import annotations

import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.importer import AuthorityIndex
from api.importer.authorities import normalise_name
from tests.importer.conftest import DATA

with (DATA / "local_authorities.csv").open(encoding="utf-8") as _handle:
    AUTHORITIES = list(csv.DictReader(_handle))


def test_reference_has_153_authorities(authorities: AuthorityIndex) -> None:
    assert len(AUTHORITIES) == 153
    assert len(authorities.codes) == 153 + 8


@pytest.mark.parametrize("record", AUTHORITIES, ids=lambda r: r["ons_code"])
def test_every_name_and_ofsted_name_resolves(
    authorities: AuthorityIndex, record: dict[str, str]
) -> None:
    code = record["ons_code"]
    assert authorities.resolve(None, record["name"]) == code
    assert authorities.resolve(None, record["ofsted_name"]) == code
    assert authorities.resolve(code, None) == code
    assert authorities.resolve(code.lower(), "Somewhere else entirely") == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Bristol", "E06000023"),
        ("City of Bristol", "E06000023"),
        ("Durham", "E06000047"),
        ("Herefordshire", "E06000019"),
        ("Kingston upon Hull", "E06000010"),
        ("Hull", "E06000010"),
        ("St Helens", "E08000013"),
        ("St. Helens", "E08000013"),
        ("Telford & Wrekin", "E06000020"),
        ("Bedford Borough", "E06000055"),
        ("Bedford Borough Council", "E06000055"),
        ("Bournemouth, Christchurch & Poole", "E06000058"),
        ("Bournemouth Christchurch and Poole Council", "E06000058"),
        ("Hammersmith & Fulham", "E09000013"),
        ("london borough of hammersmith and fulham", "E09000013"),
        ("Kent County Council", "E10000016"),
        ("STOKE ON TRENT", "E06000021"),
        ("County Durham", "E06000047"),
    ],
)
def test_aliases(authorities: AuthorityIndex, name: str, code: str) -> None:
    assert authorities.resolve(None, name) == code


def test_abolished_councils(authorities: AuthorityIndex) -> None:
    # Same name as a current LA: today's council unless the sheet says it no longer exists.
    assert authorities.resolve(None, "Dorset") == "E06000059"
    assert authorities.resolve(None, "Dorset", abolished=True) == "E10000009"
    assert authorities.resolve(None, "North Yorkshire") == "E06000065"
    assert authorities.resolve(None, "North Yorkshire", abolished=True) == "E10000023"
    assert authorities.resolve(None, "Somerset County Council", abolished=True) == "E10000027"
    # Names only an abolished council has.
    for name, code in [
        ("Bournemouth", "E06000028"),
        ("Poole", "E06000029"),
        ("Northamptonshire", "E10000021"),
        ("Cumbria", "E10000006"),
        ("Cumbria County Council", "E10000006"),
    ]:
        assert authorities.resolve(None, name, abolished=True) == code
        assert authorities.resolve(None, name) == code
    # A current LA is not an abolished council.
    assert authorities.resolve(None, "Barnet", abolished=True) is None
    # An abolished council's own code.
    assert authorities.resolve("E10000006", "Cumbria") == "E10000006"


def test_codes(authorities: AuthorityIndex) -> None:
    assert authorities.resolve("E08000038", None) == "E08000016"  # Barnsley's new code
    assert authorities.resolve("E08000039", "Sheffield") == "E08000019"
    assert authorities.resolve(" e08000016 ", None) == "E08000016"
    # A predecessor listed on BCP's row is not BCP.
    assert authorities.resolve("E06000028", None) == "E06000028"
    # Unknown code: fall back to the name.
    assert authorities.resolve("E99999999", "Barnet") == "E09000003"
    assert authorities.resolve("E99999999", None) is None
    assert authorities.resolve(None, "Atlantis") is None
    assert authorities.resolve(None, None) is None
    assert authorities.resolve("", "") is None


def test_normalise_name() -> None:
    assert normalise_name("Bournemouth, Christchurch & Poole") == (
        "bournemouth christchurch and poole"
    )
    assert normalise_name("Stockton-on-Tees") == "stockton on tees"
    assert normalise_name("Dorset County Council") == "dorset"
    assert normalise_name("Council") == "council"
    assert normalise_name("City of London") == "city of london"


INDEX = AuthorityIndex.from_csv(
    DATA / "local_authorities.csv", DATA / "local_authorities_predecessors.csv"
)


@given(
    st.sampled_from(AUTHORITIES),
    st.lists(st.booleans(), min_size=1),
    st.sampled_from(["", " ", "  "]),
    st.sampled_from(["ofsted_name", "name"]),
)
def test_resolution_ignores_case_spacing_and_ampersands(
    record: dict[str, str], upper: list[bool], pad: str, column: str
) -> None:
    name = "".join(
        c.upper() if upper[i % len(upper)] else c.lower() for i, c in enumerate(record[column])
    )
    name = pad + name.replace(" and ", " & ").replace(" ", pad + " ") + pad
    assert INDEX.resolve(None, name) == record["ons_code"]
