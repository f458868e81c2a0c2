from __future__ import annotations

from pathlib import Path

import pytest

from api.importer import AuthorityIndex, ReadResult, read_release

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "api" / "data"
ODS_2025 = DATA / "ofsted" / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
ODS_2024 = DATA / "ofsted" / "LA_Inspection_Outcomes_as_at_March_2024.ods"
CSV_DIR = ROOT / "tests" / "fixtures" / "ofsted"


def csv_exports(workbook: Path) -> list[Path]:
    """The CSV exports of a workbook's sheets, named `<release>__<sheet>.csv`."""
    return sorted(CSV_DIR.glob(f"{workbook.stem}__*.csv"))


def csv_export(workbook: Path, sheet: str) -> Path:
    return CSV_DIR / f"{workbook.stem}__{sheet}.csv"


@pytest.fixture(scope="session")
def authorities() -> AuthorityIndex:
    return AuthorityIndex.from_csv(
        DATA / "local_authorities.csv", DATA / "local_authorities_predecessors.csv"
    )


@pytest.fixture(scope="session")
def release_2025(authorities: AuthorityIndex) -> ReadResult:
    return read_release(ODS_2025, authorities)


@pytest.fixture(scope="session")
def release_2024(authorities: AuthorityIndex) -> ReadResult:
    return read_release(ODS_2024, authorities)
