"""Dependencies that load a resource for change: visible to the caller, changeable by them,
at the version they read (If-Match), claimed in the database so no concurrent writer wins too.

A route declares `IdempotencyDep` (when it is a POST) before one of these, so that a retry
replays its first answer instead of failing on the version that answer moved on.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.clock import Today
from api.db import SessionDep
from api.services import engagement_meetings as meeting_service
from api.services import event_writes
from api.services import priority_actions as action_service
from api.tables import Event, PriorityAction
from api.web.authentication import WriterDep
from api.web.conditional import Rendered
from api.web.params import ActionId, AuthorityCode, EventId, MeetingId
from api.web.preconditions import IfMatch, require_match


def event_for_change(
    session: SessionDep,
    caller: WriterDep,
    today: Today,
    event_id: EventId,
    if_match: IfMatch = None,
) -> Event:
    event, view = event_writes.open_for_change(session, caller, event_id, today)
    require_match(if_match, Rendered.model(view).etag)
    event_writes.claim_for_change(session, event)
    return event


def priority_action_for_change(
    session: SessionDep,
    caller: WriterDep,
    today: Today,
    action_id: ActionId,
    if_match: IfMatch = None,
) -> PriorityAction:
    action, view = action_service.open_for_change(session, caller, action_id, today)
    require_match(if_match, Rendered.model(view).etag)
    action_service.claim_for_change(session, action)
    return action


def meeting_for_change(
    session: SessionDep,
    caller: WriterDep,
    today: Today,
    code: AuthorityCode,
    meeting_id: MeetingId,
    if_match: IfMatch = None,
) -> Event:
    event, _, view = meeting_service.open_for_change(session, caller, code, meeting_id, today)
    require_match(if_match, Rendered.model(view).etag)
    meeting_service.claim_for_change(session, event)
    return event


EventForChange = Annotated[Event, Depends(event_for_change)]
PriorityActionForChange = Annotated[PriorityAction, Depends(priority_action_for_change)]
MeetingForChange = Annotated[Event, Depends(meeting_for_change)]
