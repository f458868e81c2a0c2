"""Findings of an event: the judgements of an inspection, the letter of a visit and the
priority actions a letter raises."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import Session

from api.domain.deadlines import priority_action_plan_due
from api.domain.findings import check_letter_date, check_recordable
from api.domain.frameworks import framework_for, get_framework
from api.domain.judgements import validate_grades
from api.domain.priority_actions import check_rewritable
from api.domain.vocabulary import ChangeAction, EventKind, EventStatus, PriorityActionStatus
from api.ids import new_id
from api.repositories import findings as findings_repo
from api.schemas import EventPublic, JudgementsBody, LetterBody
from api.services.authorities import progress_of
from api.services.event_writes import changed, log_event_change, require_correction_rights
from api.services.results import Changed
from api.tables import Event, Judgement, Letter, PriorityAction
from api.visibility import Caller


def put_judgements(
    session: Session, caller: Caller, event: Event, body: JudgementsBody, today: date
) -> Changed[EventPublic]:
    kind = EventKind(event.kind)
    check_recordable(kind, EventStatus(event.status), "judgements")
    correcting = event.status == EventStatus.PUBLISHED.value
    require_correction_rights(caller, correcting, body.reason)
    framework = get_framework(event.framework_id or framework_for(kind, event.fieldwork_start).id)
    typed, warnings = validate_grades(
        framework, kind, {area.value: grade.value for area, grade in body.grades.items()}
    )
    stored = findings_repo.judgements_of(session, event.id)
    before = {area: j.grade for area, j in sorted(stored.items())}
    for area, judgement in stored.items():
        if area not in {a.value for a in typed}:
            session.delete(judgement)
    for area, grade in typed.items():
        if area.value in stored:
            stored[area.value].grade = grade.value
        else:
            session.add(Judgement(event_id=event.id, area=area.value, grade=grade.value))
    after = {area.value: grade.value for area, grade in sorted(typed.items())}
    action = ChangeAction.JUDGEMENTS_CORRECTED if correcting else ChangeAction.JUDGEMENTS_RECORDED
    log_event_change(
        session,
        caller,
        event,
        action,
        {"grades": before} if before else None,
        {"grades": after},
        body.reason,
    )
    return changed(session, caller, event, today, warnings)


def put_letter(
    session: Session, caller: Caller, event: Event, body: LetterBody, today: date
) -> Changed[EventPublic]:
    check_recordable(EventKind(event.kind), EventStatus(event.status), "letter")
    correcting = event.status == EventStatus.PUBLISHED.value
    require_correction_rights(caller, correcting, body.reason)
    check_letter_date(body.sent_on, event.fieldwork_end or event.fieldwork_start, today)
    letter = findings_repo.letter_of(session, event.id)
    before = None
    if letter is None:
        letter = Letter(event_id=event.id)
        session.add(letter)
    else:
        before = {
            "strengths": letter.strengths,
            "areas_for_improvement": letter.areas_for_improvement,
        }
    letter.strengths = list(body.strengths)
    letter.areas_for_improvement = list(body.areas_for_improvement)
    _replace_priority_actions(session, event, body.areas_for_priority_action, body.sent_on)
    after = {
        "strengths": letter.strengths,
        "areas_for_improvement": letter.areas_for_improvement,
        "areas_for_priority_action": list(body.areas_for_priority_action),
        "sent_on": body.sent_on.isoformat(),
    }
    action = ChangeAction.LETTER_CORRECTED if correcting else ChangeAction.LETTER_WRITTEN
    log_event_change(session, caller, event, action, before, after, body.reason)
    return changed(session, caller, event, today)


def _replace_priority_actions(
    session: Session, event: Event, texts: Sequence[str], sent_on: date
) -> None:
    existing = findings_repo.priority_actions_of(session, event.id)
    if [a.text for a in existing] == list(texts) and all(a.raised_on == sent_on for a in existing):
        return
    check_rewritable([progress_of(a) for a in existing])
    for action in existing:
        session.delete(action)
    session.flush()
    draft_due, final_due = priority_action_plan_due(sent_on)
    for position, text in enumerate(texts):
        session.add(
            PriorityAction(
                id=new_id("pa"),
                event_id=event.id,
                authority_code=event.authority_code,
                position=position,
                text=text,
                raised_on=sent_on,
                status=PriorityActionStatus.OPEN.value,
                draft_plan_due=draft_due,
                final_plan_due=final_due,
            )
        )
