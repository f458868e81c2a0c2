"""read_report: one Ofsted inspection report PDF -> Report, or ReportRefused."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from types import MappingProxyType

from api.domain.errors import InvalidDates
from api.domain.frameworks import FRAMEWORKS, Framework, framework_for
from api.domain.vocabulary import EventKind, Grade, JudgementArea
from api.importer.reports import fields
from api.importer.reports.model import FieldworkBlock, Report, ReportRefused
from api.importer.reports.names import ReportAuthorities
from api.importer.reports.pdftext import flat, page_texts

IC = re.IGNORECASE

# About one week on site (5 working days, 3 on the Isles of Scilly) is a short inspection,
# two weeks (10) a standard one; ILACS reports never name their kind.
SHORT_INSPECTION_MAX_WEEKDAYS = 7

_SIF_TITLE = re.compile(
    r"inspection\s*of\s*services\s*for\s*children\s*in\s*need\s*of\s*help\s*and\s*protection", IC
)
# First-page titles of documents that are not graded inspections of an authority's children's
# services, with the reason given when refusing one.
_NOT_INSPECTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"focused\s*visit", IC), "a focused visit letter, not a graded inspection report"),
    (
        re.compile(r"monitoring\s*visit", IC),
        "a monitoring visit letter, not a graded inspection report",
    ),
    (
        re.compile(r"joint\s*targeted\s*area\s*inspection", IC),
        "a joint targeted area inspection (JTAI) letter, not a graded inspection report",
    ),
    (
        re.compile(
            r"looked\s*after\s*children\s*services|services\s*for\s*looked\s*after\s*children"
            r"|safeguarding\s*and\s*looked\s*after\s*children",
            IC,
        ),
        "an inspection of safeguarding or looked after children services under the framework"
        " before 2013, not a SIF or ILACS inspection",
    ),
    (
        re.compile(r"arrangements\s*for\s*the\s*protection\s*of\s*children", IC),
        "an inspection of arrangements for the protection of children (before 2013), not a"
        " SIF or ILACS inspection",
    ),
)
_LSCB = re.compile(
    r"review\s*of\s*(?:the\s*)?(?:effectiveness\s*of\s*(?:the\s*)?)?local\s*safeguarding"
    r"\s*children\s*board",
    IC,
)
_NAME_FIRST = re.compile(
    r"^(?:\d{1,2}\s+)?(?P<name>.+?)\s+(?:joint\s+)?(?:re-?\s*)?inspection\s+of\s+"
    r"(?:services\s+for\s+children|(?:local\s+authority\s+)?children's\s+(?:social\s+care\s+)?"
    r"services)",
    IC,
)
_NAME_INSIDE = re.compile(
    r"(?:joint\s+)?(?:re-?\s*)?inspection\s+of\s+(?:the\s+)?(?P<name>.+?)(?:'s?)?\s+"
    r"(?:local\s+authority\s+children's\s+services|local\s+authority\s+children's\s+social"
    r"\s+care|children's\s+services)",
    IC,
)


@cache
def _authorities() -> ReportAuthorities:
    return ReportAuthorities.load()


def _title(head: str) -> str:
    """The first page's text before its dates: the council's name and the report's title."""
    dates = re.search(r"inspection\s*dates?\b|dates?\s*of\s*inspection", head, IC)
    return head[: dates.start()] if dates and dates.start() < 800 else head[:600]


def _refuse_other_documents(title: str) -> None:
    for pattern, reason in _NOT_INSPECTIONS:
        if pattern.search(title):
            raise ReportRefused(f"this is {reason}")
    if _LSCB.search(title) and not _SIF_TITLE.search(title):
        raise ReportRefused(
            "this is a review of a local safeguarding children board alone, not an"
            " inspection of the authority's children's services"
        )


def _printed_name(title: str) -> str | None:
    for pattern in (_NAME_FIRST, _NAME_INSIDE):
        match = pattern.search(title)
        if match:
            return match.group("name").strip(" ,.;:")
    return None


def _framework(kind: EventKind, blocks: tuple[FieldworkBlock, ...]) -> Framework:
    try:
        return framework_for(kind, blocks[0].start)
    except InvalidDates:
        if kind is EventKind.SIF_INSPECTION:
            # SIF's end date is approximate; its last re-inspections ran past it.
            return next(f for f in FRAMEWORKS if kind in f.kinds)
        raise ReportRefused(
            f"no framework covers a {kind} starting on {blocks[0].start.isoformat()}"
        ) from None


def _check_judgements(grades: dict[JudgementArea, Grade | None], framework: Framework) -> None:
    """Every judgement of the framework found (or said to be "not judged"), and no other."""
    missing = [a.value for a in framework.judgements if a not in grades]
    extra = [a.value for a in grades if a not in framework.allowed_judgements]
    if missing or extra:
        problems = []
        if missing:
            problems.append(f"missing {', '.join(missing)}")
        if extra:
            problems.append(f"unexpected {', '.join(extra)}")
        raise ReportRefused(
            f"the judgements found do not fit framework {framework.id}: {'; '.join(problems)}"
        )


def read_report(path: Path, authorities: ReportAuthorities | None = None) -> Report:
    """Read one report of an Ofsted inspection of a council's children's services.

    Raises ReportRefused, its reason starting with the file's name, for anything else: a file
    that is not a PDF, an unreadable PDF, a focused or monitoring visit letter, a review of a
    local safeguarding children board alone, an inspection under a framework before 2013, or a
    report whose fields cannot all be read with confidence.
    """
    try:
        return _read(path, authorities or _authorities())
    except ReportRefused as refused:
        raise ReportRefused(f"{path.name}: {refused.reason}") from None


def _read(path: Path, authorities: ReportAuthorities) -> Report:
    pages = page_texts(path)
    head = flat(" ".join(pages[:2]))
    title = _title(head)
    _refuse_other_documents(title)

    sif = bool(_SIF_TITLE.search(title))
    if sif:
        grades = fields.judgements(head, fields.SIF_LABELS)
        overall = fields.sif_overall(head)
        if overall is not None:
            grades = {JudgementArea.OVERALL_EFFECTIVENESS: overall, **grades}
    else:
        grades = fields.judgements(head, fields.ILACS_LABELS)
    if not grades:
        raise ReportRefused(
            "no judgements found: this is not a graded inspection report of a local"
            " authority's children's services"
        )

    blocks = fields.fieldwork(head)
    if sif:
        kind = EventKind.SIF_INSPECTION
    elif fields.weekdays(blocks) <= SHORT_INSPECTION_MAX_WEEKDAYS:
        kind = EventKind.SHORT_INSPECTION
    else:
        kind = EventKind.STANDARD_INSPECTION
    framework = _framework(kind, blocks)
    _check_judgements(grades, framework)

    name = _printed_name(title)
    if name is None:
        raise ReportRefused("the authority's name was not found on its first page")
    codes = authorities.resolve(name, blocks[0].start)
    if not codes:
        raise ReportRefused(f"authority {name!r} is not a known local authority")

    order = {area: i for i, area in enumerate(framework.allowed_judgements)}
    graded = [(area, grade) for area, grade in grades.items() if grade is not None]
    return Report(
        authority_code=codes[0],
        authority_name=name,
        joint_authority_codes=codes[1:],
        framework_id=framework.id,
        kind=kind,
        fieldwork=blocks,
        lead_inspectors=fields.lead_inspectors(pages),
        grades=MappingProxyType(dict(sorted(graded, key=lambda kv: order[kv[0]]))),
        not_judged=tuple(
            sorted((a for a, g in grades.items() if g is None), key=lambda a: order[a])
        ),
        published_on=fields.published_on(head),
    )
