"""Text patterns for the fields of a report's first pages.

Patterns work on text whose white space (line breaks included) is flattened to single
spaces, so a label or a date broken across lines still matches; everything is
case-insensitive.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from api.domain.vocabulary import Grade, JudgementArea
from api.importer.reports.model import FieldworkBlock, ReportRefused

J = JudgementArea
IC = re.IGNORECASE

_MONTHS = {name.casefold(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): n for n, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?" + (
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
DAY = r"(?<!\d)\d{1,2}(?!\d)(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d{2}(?!\d)"
NUMERIC_DATE = rf"(?<!\d)\d{{1,2}}/\d{{1,2}}/{YEAR}"
ONE_DATE = rf"(?:{DAY}\s*{MONTH}\.?,?\s*{YEAR}|{NUMERIC_DATE})"

_GRADE = (
    r"(outstanding|good|requires?\s*improvement(?:\s*to\s*be\s*good)?|inadequate|adequate"
    r"|not\s*judged|not\s*graded)\b"
)


def _grade(text: str) -> Grade | None:
    """The grade a table cell names; None for "Not judged"."""
    word = re.sub(r"\s+", " ", text).casefold()
    if word.startswith("not"):
        return None
    if word.startswith("require"):
        return Grade.REQUIRES_IMPROVEMENT
    if word == "adequate":
        # Only the frameworks before 2013 graded "adequate"; those reports are refused earlier.
        raise ReportRefused("a judgement is graded 'adequate', a grade of no framework read here")
    return Grade(word)


def parse_date(text: str) -> date | None:
    """The first date in `text`: "4 October 2021", "4th Oct 2021", "04/10/2021"."""
    numeric = re.search(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if numeric:
        try:
            return date(int(numeric.group(3)), int(numeric.group(2)), int(numeric.group(1)))
        except ValueError:
            return None
    match = re.search(rf"({DAY})\s*({MONTH})\.?,?\s*({YEAR})", text, IC)
    if not match:
        return None
    day = int(re.sub(r"\D", "", match.group(1)))
    try:
        return date(int(match.group(3)), _MONTHS[match.group(2).casefold()[:3]], day)
    except ValueError:
        return None


# ---- fieldwork dates ------------------------------------------------------------------------

_DATES_LABEL = re.compile(
    r"(?:inspection\s*dates?|dates?\s*of\s*(?:the\s*)?inspection|fieldwork\s*dates?)\s*[:\-]?\s*",
    IC,
)
_DATES_END = re.compile(
    r"lead\s*inspector|report\s*published|published|judgement|this\s+(?:report|inspection)"
    r"|inspection\s+of|the\s+overall|children's\s+services\s+in",
    IC,
)
_TOKEN = re.compile(rf"({DAY})(?:\s*({MONTH})\.?)?(?:,?\s*({YEAR}))?", IC)
_RANGE_JOINER = re.compile(r"^\s*(?:-|to|until|till)\s*$", IC)
_BLOCK_JOINER = re.compile(r"^\s*(?:,|;|and|&|,\s*and|then)?\s*$", IC)


def fieldwork(text: str) -> tuple[FieldworkBlock, ...]:
    """The blocks of "Inspection dates: 4 to 15 October 2021" (and "23 April-18 May 2018",
    "9 July 2018 to 20 July 2018", "6 to 10 March and 20 to 24 March 2023")."""
    label = _DATES_LABEL.search(text)
    if label is None:
        raise ReportRefused("no inspection dates found on its first pages")
    segment = text[label.end() : label.end() + 200]
    end = _DATES_END.search(segment)
    if end:
        segment = segment[: end.start()]
    # Day-first numeric dates ("12/09/2016 to 06/10/2016") as words.
    segment = re.sub(
        r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})",
        lambda m: (
            f"{m.group(1)} {calendar.month_name[int(m.group(2))]} {m.group(3)}"
            if 1 <= int(m.group(2)) <= 12
            else m.group(0)
        ),
        segment,
    )
    tokens = [m for m in _TOKEN.finditer(segment) if m.group(0).strip()]
    if not tokens:
        raise ReportRefused(f"inspection dates not understood: {segment.strip()!r}")
    # Day, month, year; a missing month or year is the next date's ("4 to 15 October 2021").
    filled: list[tuple[int, int, int]] = []
    month: int | None = None
    year: int | None = None
    for token in reversed(tokens):
        if token.group(2):
            month = _MONTHS[token.group(2).casefold()[:3]]
        if token.group(3):
            year = int(token.group(3))
        if month is None or year is None:
            raise ReportRefused(f"inspection dates not understood: {segment.strip()!r}")
        filled.append((year, month, int(re.sub(r"\D", "", token.group(1)))))
    filled.reverse()
    try:
        days = [date(*parts) for parts in filled]
    except ValueError:
        raise ReportRefused(f"inspection dates not understood: {segment.strip()!r}") from None
    blocks: list[FieldworkBlock] = []
    index = 0
    while index < len(tokens):
        between = (
            segment[tokens[index].end() : tokens[index + 1].start()]
            if index + 1 < len(tokens)
            else None
        )
        if between is not None and _RANGE_JOINER.match(between):
            blocks.append(FieldworkBlock(days[index], days[index + 1]))
            index += 2
        elif between is None or _BLOCK_JOINER.match(between):
            blocks.append(FieldworkBlock(days[index], days[index]))
            index += 1
        else:
            break  # text after the dates
    # A year-less start in another year ("28 December to 8 January 2021") is the year before.
    blocks = [
        FieldworkBlock(b.start.replace(year=b.start.year - 1), b.end)
        if b.start > b.end and b.start.replace(year=b.start.year - 1) <= b.end
        else b
        for b in blocks
    ]
    for previous, block in zip([None, *blocks], blocks, strict=False):
        if block.start > block.end or (previous is not None and previous.end >= block.start):
            raise ReportRefused(f"inspection dates not in order: {segment.strip()!r}")
    if not blocks:
        raise ReportRefused(f"inspection dates not understood: {segment.strip()!r}")
    return tuple(blocks)


def weekdays(blocks: tuple[FieldworkBlock, ...]) -> int:
    """Monday-Friday days on site, all blocks together."""
    total = 0
    for block in blocks:
        span = (block.end - block.start).days + 1
        total += sum(1 for n in range(span) if (block.start + timedelta(days=n)).weekday() < 5)
    return total


# ---- lead inspector, publication date -------------------------------------------------------

_LEAD = re.compile(r"(?<![a-z])lead\s+inspector(s?)(?:\s+on\s+site)?\s*[:\-]\s*([^\n]+)", IC)
_TITLE = (
    r"(?:Senior\s+)?(?:HMI|Her\s+Majesty's\s+Inspector|His\s+Majesty's\s+Inspector"
    r"|Ofsted\s+Inspector|Social\s+Care\s+Regulatory\s+Inspector|Regulatory\s+Inspection\s+Manager"
    r"|OI)\b"
)
_NAME = re.compile(r"[A-Z][\w'\-]*(?:\s+[\w'\-]+){0,4}")


def lead_inspectors(raw_pages: list[str]) -> tuple[str, ...]:
    """The name(s) after "Lead inspector:" (or "Lead inspectors:"), without their titles
    ("Her Majesty's Inspector", "HMI"); a deputy lead inspector is not one."""
    for page in raw_pages:
        for match in _LEAD.finditer(page):
            if re.search(r"deputy\s*$", page[: match.start()], IC):
                continue
            plural = bool(match.group(1))
            # One name on the label's line; a list of two may run onto the next line.
            text = match.group(2)
            if plural:
                text += " " + page[match.end() :].lstrip("\n").split("\n")[0]
            text = re.sub(_TITLE, ",", text.replace("(", ",").replace(")", ","), flags=IC)
            parts = [p.strip(" .;:") for p in re.split(r",|\band\b|&", text)]
            names = [re.sub(r"\s+", " ", p) for p in parts if _NAME.fullmatch(p)]
            if names:
                return tuple(names) if plural else (names[0],)
    return ()


_PUBLISHED = re.compile(rf"(?:report\s*)?published\s*(?:on)?\s*:\s*({ONE_DATE})", IC)


def published_on(text: str) -> date | None:
    match = _PUBLISHED.search(text)
    return parse_date(match.group(1)) if match else None


# ---- judgements -----------------------------------------------------------------------------


_S = r"\s*[:\-.]?\s*"
# ILACS first-page table: "The impact of leaders on social work practice with children and
# families | Good". Longer labels first where one label begins another.
ILACS_LABELS: tuple[tuple[JudgementArea, re.Pattern[str]], ...] = (
    (
        J.IMPACT_OF_LEADERS,
        re.compile(
            rf"impact\s*of\s*leaders\s*on\s*social\s*work\s*practice(?:\s*with\s*children"
            rf"\s*and\s*families)?{_S}{_GRADE}",
            IC,
        ),
    ),
    (
        J.HELP_AND_PROTECTION,
        re.compile(rf"children\s*who\s*need\s*help\s*and\s*protection{_S}{_GRADE}", IC),
    ),
    (
        J.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
        re.compile(rf"children\s*in\s*care\s*and\s*care\s*leavers{_S}{_GRADE}", IC),
    ),
    (
        J.CHILDREN_IN_CARE,
        re.compile(rf"progress\s*of\s*children\s*in\s*care{_S}{_GRADE}", IC),
    ),
    (
        J.CARE_LEAVERS,
        re.compile(rf"progress\s*of\s*care\s*leavers{_S}{_GRADE}", IC),
    ),
    (J.OVERALL_EFFECTIVENESS, re.compile(rf"overall\s*effectiveness{_S}{_GRADE}", IC)),
)

# SIF first page: "1. Children who need help and protection | Good", "2. Children looked after
# and achieving permanence", "2.1 Adoption performance", "2.2 Experiences and progress of care
# leavers", "3. Leadership, management and governance"; the overall judgement is a sentence.
SIF_LABELS: tuple[tuple[JudgementArea, re.Pattern[str]], ...] = (
    (
        J.HELP_AND_PROTECTION,
        re.compile(rf"children\s*who\s*need\s*help\s*and\s*protection{_S}{_GRADE}", IC),
    ),
    (
        J.CHILDREN_LOOKED_AFTER,
        re.compile(rf"children\s*looked\s*after\s*and\s*achieving\s*permanence{_S}{_GRADE}", IC),
    ),
    (J.ADOPTION, re.compile(rf"adoption\s*performance{_S}{_GRADE}", IC)),
    (
        J.CARE_LEAVERS,
        re.compile(rf"experiences?\s*and\s*progress\s*of\s*care\s*leavers{_S}{_GRADE}", IC),
    ),
    (
        J.LEADERSHIP_MANAGEMENT_GOVERNANCE,
        re.compile(rf"leadership,?\s*management\s*and\s*governance{_S}{_GRADE}", IC),
    ),
)
_SIF_GRADE = r"(outstanding|good|requires?\s*improvement(?:\s*to\s*be\s*good)?|inadequate)\b"
_JUDGED = r"(?:(?:are|is)\s*)?(?:judged\s*(?:to\s*be\s*)?)?"
SIF_OVERALL = (
    # "The overall judgement is requires improvement", "... is that children's services
    # require improvement", "... is that children's services in Kent are good".
    re.compile(
        r"overall\s*judgement\s*is\s*(?:that\s*)?(?:(?:the\s*)?children's\s*services?\s*"
        rf"(?:in\s*[^.]{{1,60}}?\s*)?)?{_JUDGED}{_SIF_GRADE}",
        IC,
    ),
    # "Children's services in Gateshead are good", "... in Medway require improvement".
    re.compile(rf"children's\s*services\s*in\s*[^.]{{1,60}}?\s*{_JUDGED}{_SIF_GRADE}", IC),
)


def judgements(
    text: str, labels: tuple[tuple[JudgementArea, re.Pattern[str]], ...]
) -> dict[JudgementArea, Grade | None]:
    """The first grade found after each label; None where the report says "Not judged"."""
    found: dict[JudgementArea, Grade | None] = {}
    for area, pattern in labels:
        match = pattern.search(text)
        if match:
            found[area] = _grade(match.group(1))
    return found


def sif_overall(text: str) -> Grade | None:
    for pattern in SIF_OVERALL:
        match = pattern.search(text)
        if match:
            return _grade(match.group(1))
    return None
