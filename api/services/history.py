"""An event's history, from the change log, as much of it as the caller may see."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from api.domain.errors import NotFound
from api.domain.lifecycle import KIND_RULES
from api.domain.vocabulary import Action, ChangeAction, EventKind
from api.repositories import authorities as authority_repo
from api.repositories import events as repo
from api.repositories import history as history_repo
from api.schemas import ChangeList, ChangePublic
from api.visibility import Caller, acts_for, sees_everything

# The changes from which an event exists for someone who is not an insider.
_BECAME_VISIBLE_TO_PUBLIC = (Action.PUBLISH, ChangeAction.IMPORTED)
_BECAME_VISIBLE_TO_AUTHORITY = (
    Action.NOTIFY,
    ChangeAction.SELF_EVALUATION_SUBMITTED,
    ChangeAction.IMPORTED,
)


def _redacted(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {k: v for k, v in values.items() if k != "notes"}


def event_history(session: Session, caller: Caller, event_id: str, today: date) -> ChangeList:
    event = repo.get_event(session, caller, today, event_id)
    if event is None:
        raise NotFound("event", event_id)
    authority = authority_repo.get_authority(session, event.authority_code)
    assert authority is not None
    entries = list(history_repo.changes_of_event(session, event.id))
    insider = sees_everything(caller, authority.region)
    if not insider:
        own = acts_for(caller, event.authority_code)
        starts = _BECAME_VISIBLE_TO_AUTHORITY if own else _BECAME_VISIBLE_TO_PUBLIC
        first = next((e.seq for e in entries if e.action in starts), None)
        if first is None and own and not KIND_RULES[EventKind(event.kind)].lifecycle:
            first = entries[0].seq if entries else None
        entries = [e for e in entries if first is not None and (e.seq or 0) >= first]
    actors = {e.actor: e.actor for e in entries}
    if not insider:
        # Who exactly holds which key is the service's business: others see the role.
        actors.update(history_repo.roles_of_keys(session, actors))
    # Numbered within what this caller sees: nothing they see counts what they may not.
    return ChangeList(
        items=[
            ChangePublic(
                seq=position,
                at=e.at,
                actor=actors[e.actor],
                action=e.action,
                before=e.before if insider else _redacted(e.before),
                after=e.after if insider else _redacted(e.after),
                version=position,
                reason=e.reason,
            )
            for position, e in enumerate(entries, start=1)
        ]
    )
