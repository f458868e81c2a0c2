"""Who may see and change what: every operation x every kind of caller x four states of an event.

The contract is API.md's "Who may do what". A planned event exists only for admins and the
inspectors of its region (anyone else gets 404, never 403, and finds it in no list); the
authority sees its own events from notification, its embargoed grades included; embargoed
events are hidden from the public, from other authorities and from other regions' inspectors,
who see published events like everyone else. A change by the public is 401; by a caller who
cannot see the resource, 404; by one who sees it but may not change it, 403; by one who may,
2xx, or the domain's 409/422 where the step does not fit the event's state.

MATRIX holds one row per operation, keyed by the (method, path template) of the OpenAPI
document, and a test fails when the document, the app's route table and the matrix disagree:
a new route cannot join the app without joining the matrix. Each row is parametrised over the
callers of CALLERS and the states it applies to, on one world built once per test: a standard
inspection and a focused visit (whose letter raises a priority action) at Barking and
Dagenham in each state. Every change is made inside a savepoint and rolled back, so each cell
starts from the same world.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal, NamedTuple

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Connection
from sqlmodel import Session

from api.domain.vocabulary import Role
from api.keys import TOKEN_PREFIX, create_key, revoke_key
from api.web import pages as cache
from tests.conftest import CALLERS, OWN_AUTHORITY, TEST_TODAY

State = Literal["planned", "notified", "embargoed", "published"]
Target = Literal["inspection", "visit", "action", "meeting"]
Operation = tuple[str, str]  # (method, path template), spelled as in the OpenAPI document
Body = Mapping[str, object]
# Where each kind of target is read (for its ETag).
OWN_PATHS: dict[Target, str] = {
    "inspection": "/v1/events/{event_id}",
    "visit": "/v1/events/{event_id}",
    "action": "/v1/priority-actions/{action_id}",
    "meeting": "/v1/authorities/{code}/engagement-meetings/{meeting_id}",
}

STATES: tuple[State, ...] = ("planned", "notified", "embargoed", "published")
# Past fieldwork: graded or lettered, and `published` (a future published_on is the embargo),
# so that changing them is a correction of a published fact.
AFTER_FIELDWORK: tuple[State, ...] = ("embargoed", "published")
# For the operations whose answer does not depend on any event.
STATELESS: tuple[None] = (None,)

TODAY = TEST_TODAY.isoformat()
STALE_ETAG = '"00000000000000000000000000000000"'
REPORT_URL = "https://reports.ofsted.gov.uk/provider/44/80000"
# Written on every event planned here: only inspectors of London and admins may ever read it.
TEAM_NOTES = "Team of four; the new director of children's services starts in October."


# --- Who sees, who changes: API.md's table, as functions of (caller, state) ------------------

Audience = Callable[[str, State | None], bool]
# London's inspector and the admin: every fact of Barking and Dagenham's events.
INSIDERS = frozenset({"inspector", "admin"})


def anyone(caller: str, state: State | None) -> bool:
    return True


def sees_event(caller: str, state: State | None) -> bool:
    """Planned: insiders only; notified or embargoed: also the authority itself; published:
    everyone. Other authorities and other regions' inspectors are the public here."""
    if state == "published" or caller in INSIDERS:
        return True
    return caller == "authority" and state != "planned"


def sees_priority_actions(caller: str, state: State | None) -> bool:
    """Priority actions come with the letter, after fieldwork, and go where their event goes."""
    return state in AFTER_FIELDWORK and sees_event(caller, state)


def public_record(caller: str, state: State | None) -> bool:
    """Statistics and an authority's latest judgements: published grades only, for anyone."""
    return state == "published"


def runs_inspections(caller: str, state: State | None) -> bool:
    return caller in INSIDERS


def corrects(caller: str, state: State | None) -> bool:
    """Inspectors change an event until it is published; then only admins correct it."""
    return caller == "admin" or (caller == "inspector" and state not in AFTER_FIELDWORK)


def acts_for_authority(caller: str, state: State | None) -> bool:
    return caller in ("authority", "admin")


# --- The world: one standard inspection and one focused visit in each state ------------------


@dataclass(frozen=True)
class Recipe:
    """How one event reaches its state: planned for `fieldwork`, then taken through the
    lifecycle as far as the fields given say."""

    kind: str
    fieldwork: tuple[str, str]
    notified_on: str | None = None
    finding: tuple[str, Body] | None = None  # ("judgements" | "letter", body) after fieldwork
    published_on: str | None = None

    def plan(self) -> Body:
        start, end = self.fieldwork
        theme = {"theme": "front_door"} if self.kind == "focused_visit" else {}
        return {
            "authority_code": OWN_AUTHORITY,
            "kind": self.kind,
            "fieldwork_start": start,
            "fieldwork_end": end,
            "notes": TEAM_NOTES,
            **theme,
        }

    def steps(self) -> Iterator[tuple[str, str, Body]]:
        start, end = self.fieldwork
        if self.notified_on:
            yield "POST", "notify", {"notified_on": self.notified_on}
        if self.finding:
            what, body = self.finding
            yield "POST", "start", {"fieldwork_start": start}
            yield "POST", "complete", {"fieldwork_end": end}
            yield "PUT", what, body
        if self.published_on:
            yield "POST", "publish", {"published_on": self.published_on, "report_url": REPORT_URL}


ILACS_2026 = ("impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers")


def graded(grade: str) -> tuple[str, Body]:
    return "judgements", {"grades": dict.fromkeys(ILACS_2026, grade)}


def letter(sent_on: str, *strengths: str) -> tuple[str, Body]:
    return "letter", {
        "sent_on": sent_on,
        "strengths": ["Leaders know their services well.", *strengths],
        "areas_for_improvement": ["Timeliness of strategy meetings."],
        "areas_for_priority_action": ["Management oversight of contacts and referrals."],
    }


# The embargoed inspection is graded differently from, and inspected after, the published one:
# were its grades counted anywhere, the authority's latest grades would change.
INSPECTIONS: dict[State, Recipe] = {
    "planned": Recipe("standard_inspection", ("2026-11-16", "2026-11-27")),
    "notified": Recipe(
        "standard_inspection", ("2026-11-23", "2026-11-27"), notified_on="2026-11-16"
    ),
    "embargoed": Recipe(
        "standard_inspection",
        ("2026-11-02", "2026-11-13"),
        notified_on="2026-10-26",
        finding=graded("requires_improvement"),
        published_on="2026-12-15",
    ),
    "published": Recipe(
        "standard_inspection",
        ("2026-10-12", "2026-10-23"),
        notified_on="2026-10-05",
        finding=graded("good"),
        published_on="2026-11-16",
    ),
}
LETTERS_SENT: dict[State, str] = {"embargoed": "2026-11-09", "published": "2026-10-19"}
VISITS: dict[State, Recipe] = {
    "planned": Recipe("focused_visit", ("2026-11-16", "2026-11-17")),
    "notified": Recipe("focused_visit", ("2026-11-23", "2026-11-24"), notified_on="2026-11-16"),
    "embargoed": Recipe(
        "focused_visit",
        ("2026-11-02", "2026-11-03"),
        notified_on="2026-10-26",
        finding=letter(LETTERS_SENT["embargoed"]),
        published_on="2026-12-15",
    ),
    "published": Recipe(
        "focused_visit",
        ("2026-10-12", "2026-10-13"),
        notified_on="2026-10-05",
        finding=letter(LETTERS_SENT["published"]),
        published_on="2026-11-16",
    ),
}


# A later visit, published before today, whose letter finds the priority actions addressed.
CLOSING = Recipe(
    "focused_visit",
    ("2026-11-10", "2026-11-11"),
    notified_on="2026-11-03",
    finding=("letter", {"sent_on": "2026-11-12", "strengths": ["Oversight has improved."]}),
    published_on="2026-11-20",
)


@dataclass(frozen=True)
class World:
    """The ids of the events (and of the visits' priority actions) in each state."""

    inspections: Mapping[State, str]
    visits: Mapping[State, str]
    actions: Mapping[State, tuple[str, ...]]
    closing: str
    meeting: str = ""  # an engagement meeting held at Barking and Dagenham

    def path_params(self, state: State, target: Target) -> dict[str, str]:
        if target == "meeting":
            return {"meeting_id": self.meeting}
        if target == "action":
            return {"action_id": self.actions[state][0]}
        events = self.inspections if target == "inspection" else self.visits
        return {"event_id": events[state]}


def bring_about(client: TestClient, who: Mapping[str, str], recipe: Recipe) -> dict[str, object]:
    """Plan the event and take it through its steps, each with the ETag the last one gave."""
    response = client.post("/v1/events", json=dict(recipe.plan()), headers=who)
    assert response.status_code == 201, response.text
    event_id = response.json()["id"]
    for method, step, body in recipe.steps():
        response = client.request(
            method,
            f"/v1/events/{event_id}/{step}",
            json=dict(body),
            headers={**who, "If-Match": response.headers["etag"]},
        )
        assert response.status_code == 200, f"{step}: {response.text}"
    view: dict[str, object] = response.json()
    return view


def _action_ids(view: Mapping[str, object]) -> tuple[str, ...]:
    actions = view["priority_actions"]
    assert isinstance(actions, list)
    return tuple(str(action["id"]) for action in actions)


@pytest.fixture
def world(client: TestClient, tokens: dict[str, dict[str, str]]) -> World:
    inspector = tokens["inspector"]
    inspections = {s: bring_about(client, inspector, recipe) for s, recipe in INSPECTIONS.items()}
    visits = {s: bring_about(client, inspector, recipe) for s, recipe in VISITS.items()}
    return World(
        inspections={state: str(view["id"]) for state, view in inspections.items()},
        visits={state: str(view["id"]) for state, view in visits.items()},
        actions={state: _action_ids(view) for state, view in visits.items()},
        closing=str(bring_about(client, inspector, CLOSING)["id"]),
        meeting=record_meeting(client, inspector),
    )


def record_meeting(client: TestClient, who: Mapping[str, str]) -> str:
    response = client.post(
        f"/v1/authorities/{OWN_AUTHORITY}/engagement-meetings",
        json=dict(ENGAGEMENT_MEETING),
        headers=dict(who),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


# --- One cell of the matrix, and what is seen in it ------------------------------------------


class Observed(NamedTuple):
    outcome: str  # compared with the matrix: "200", "404", "2xx", "visit shown", ...
    detail: str = ""  # shown when it is not what the matrix expects


@dataclass(frozen=True)
class Cell:
    """One operation, called by one caller, with the events in one state."""

    client: TestClient
    connection: Connection
    method: str
    path: str
    caller: str
    headers: Mapping[str, str]
    state: State | None
    world: World | None
    # An admin's headers, for the operations that need something made first.
    admin: Mapping[str, str] = field(default_factory=dict)

    def events(self) -> tuple[World, State]:
        """The world and the state of its events (for the operations that depend on them)."""
        assert self.world is not None, "this operation needs the world"
        assert self.state is not None, "this operation needs a state"
        return self.world, self.state

    def url(self, target: Target | None = None, path: str | None = None) -> str:
        params = {"code": OWN_AUTHORITY}
        if target is not None:
            world, state = self.events()
            params |= world.path_params(state, target)
        return (path or self.path).format_map(params)

    def get(self, url: str) -> Response:
        response: Response = self.client.get(url, headers=dict(self.headers))
        return response

    def etag(self, target: Target) -> str:
        """The ETag of the resource as this caller reads it; a stale one if it cannot."""
        response = self.get(self.url(target, OWN_PATHS[target]))
        return response.headers["etag"] if response.status_code == 200 else STALE_ETAG

    def leaks(self, response: Response) -> list[str]:
        if self.caller not in INSIDERS and TEAM_NOTES in response.text:
            return ["team notes leaked"]
        return []


def _observed(outcome: str, flaws: list[str], response: Response) -> Observed:
    return Observed(", ".join([outcome, *flaws]), response.text[:200])


def _status(response: Response) -> str:
    if 200 <= response.status_code < 300:
        return "2xx"
    if response.status_code == 401 and "www-authenticate" not in response.headers:
        return "401 without WWW-Authenticate"
    return str(response.status_code)


@contextmanager
def undone(connection: Connection) -> Iterator[None]:
    """Roll back whatever the requests inside commit, so every cell starts from one world."""
    savepoint = connection.begin_nested()
    try:
        yield
    finally:
        savepoint.rollback()
        cache.clear()  # pages built on an undone data version must never be served again


# --- The kinds of expectation a row of the matrix holds --------------------------------------


@dataclass(frozen=True, kw_only=True)
class Check:
    """What the contract says of one operation, cell by cell, and how to observe it."""

    states: tuple[State | None, ...] = STATES

    def expected(self, caller: str, state: State | None) -> frozenset[str]:
        raise NotImplementedError

    def observe(self, cell: Cell) -> Observed:
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class Static(Check):
    """The platform and reference data: 200 for everyone, whatever any event's state."""

    states: tuple[State | None, ...] = STATELESS

    def expected(self, caller: str, state: State | None) -> frozenset[str]:
        return frozenset({"200"})

    def observe(self, cell: Cell) -> Observed:
        response = cell.get(cell.url())
        return Observed(str(response.status_code), response.text[:200])


@dataclass(frozen=True, kw_only=True)
class OperatorsOnly(Check):
    """Operators' reads (metrics): 401 without a token, 403 for anyone but an admin."""

    states: tuple[State | None, ...] = STATELESS

    def expected(self, caller: str, state: State | None) -> frozenset[str]:
        return frozenset({"200" if caller == "admin" else "401" if caller == "public" else "403"})

    def observe(self, cell: Cell) -> Observed:
        response = cell.get(cell.url())
        return Observed(str(response.status_code), response.text[:200])


@dataclass(frozen=True, kw_only=True)
class Asset(Static):
    """A mount of the documentation's scripts and styles: each file 200 for everyone."""

    file: str

    def observe(self, cell: Cell) -> Observed:
        response = cell.get(f"{cell.url()}/{self.file}")
        return Observed(str(response.status_code), response.text[:200])


@dataclass(frozen=True, kw_only=True)
class ById(Check):
    """One resource: 200 for whoever may see it, 404 (never 403) for anyone else."""

    target: Target
    audience: Audience = sees_event

    def expected(self, caller: str, state: State | None) -> frozenset[str]:
        return frozenset({"200" if self.audience(caller, state) else "404"})

    def observe(self, cell: Cell) -> Observed:
        response = cell.get(cell.url(self.target))
        flaws = cell.leaks(response)
        if response.status_code == 200:
            flaws += self.flaws(cell, response.json())
        return _observed(str(response.status_code), flaws, response)

    def flaws(self, cell: Cell, body: dict[str, object]) -> list[str]:
        return []


@dataclass(frozen=True, kw_only=True)
class EventById(ById):
    """An event as its audience sees it: with its grades once fieldwork is over (the authority
    reads its own embargoed grades), and with the team's notes for insiders only."""

    def flaws(self, cell: Cell, body: dict[str, object]) -> list[str]:
        flaws = []
        if cell.state in AFTER_FIELDWORK and not body["judgements"]:
            flaws.append("judgements missing")
        if cell.caller in INSIDERS and body["notes"] != TEAM_NOTES:
            flaws.append("team notes missing")
        return flaws


@dataclass(frozen=True)
class Shown:
    """Something of a state's events that a read may show: the ids that give it away, and who
    may see it."""

    name: str
    ids: Callable[[World, State], tuple[str, ...]]
    audience: Audience

    def expected(self, caller: str, state: State | None) -> str:
        return f"{self.name} {'shown' if self.audience(caller, state) else 'hidden'}"

    def observe(self, text: str, world: World, state: State) -> str:
        ids = self.ids(world, state)
        found = [i for i in ids if i in text]
        # Nothing of it exists yet (no letter, no priority action): nothing of it can show.
        shown = "shown" if ids and found == list(ids) else "partly shown" if found else "hidden"
        return f"{self.name} {shown}"


@dataclass(frozen=True, kw_only=True)
class Listing(Check):
    """A list or a summary: 200 for everyone, showing of the state's events what the caller
    may see and nothing else."""

    query: str
    shows: tuple[Shown, ...]

    def expected(self, caller: str, state: State | None) -> frozenset[str]:
        return frozenset({", ".join(s.expected(caller, state) for s in self.shows)})

    def observe(self, cell: Cell) -> Observed:
        world, state = cell.events()
        response = cell.get(cell.url() + self.query)
        if response.status_code != 200:
            return Observed(str(response.status_code), response.text[:200])
        seen = ", ".join(s.observe(response.text, world, state) for s in self.shows)
        return _observed(seen, cell.leaks(response), response)


@dataclass(frozen=True, kw_only=True)
class NeighboursOf(Listing):
    """An authority's statistical neighbours: read for `code`, one of whose neighbours is
    Barking and Dagenham, so that its events show (or not) in the answer."""

    code: str

    def observe(self, cell: Cell) -> Observed:
        world, state = cell.events()
        response = cell.get(cell.path.format(code=self.code) + self.query)
        if response.status_code != 200:
            return Observed(str(response.status_code), response.text[:200])
        seen = ", ".join(s.observe(response.text, world, state) for s in self.shows)
        return _observed(seen, cell.leaks(response), response)


@dataclass(frozen=True, kw_only=True)
class Feed(Listing):
    """The change feed, read from the start to its end: what it shows of the state's events."""

    query: str = "?limit=500"

    def observe(self, cell: Cell) -> Observed:
        world, state = cell.events()
        pages, url = [], cell.url() + self.query
        while True:
            response = cell.get(url)
            if response.status_code != 200:
                return Observed(str(response.status_code), response.text[:200])
            pages.append(response.text)
            if response.json()["next_cursor"] is None:
                break
            url = cell.url() + self.query + "&after=" + response.json()["next_cursor"]
        text = "".join(pages)
        seen = ", ".join(s.observe(text, world, state) for s in self.shows)
        leaked = cell.caller not in INSIDERS and TEAM_NOTES in text
        return _observed(seen, ["team notes leaked"] if leaked else [], response)


@dataclass(frozen=True, kw_only=True)
class Spreadsheet(Listing):
    """An XLSX export: what its sheets' cells show of the state's events."""

    def observe(self, cell: Cell) -> Observed:
        world, state = cell.events()
        response = cell.get(cell.url() + self.query)
        if response.status_code != 200:
            return Observed(str(response.status_code), response.text[:200])
        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            text = "".join(book.read(name).decode() for name in book.namelist())
        seen = ", ".join(s.observe(text, world, state) for s in self.shows)
        leaked = cell.caller not in INSIDERS and TEAM_NOTES in text
        return _observed(seen, ["team notes leaked"] if leaked else [], response)


@dataclass(frozen=True, kw_only=True)
class Figures(Check):
    """Statistics count the state's inspection exactly when its grades are public.

    Whether they count it shows in whether leaving out the inspections whose fieldwork began
    on or after its first day changes the figures for London.
    """

    def expected(self, caller: str, state: State | None) -> frozenset[str]:
        counted = public_record(caller, state)
        return frozenset({"inspection counted" if counted else "inspection not counted"})

    def observe(self, cell: Cell) -> Observed:
        _, state = cell.events()
        start = date.fromisoformat(INSPECTIONS[state].fieldwork[0])
        url = cell.url() + "?region=london"
        with_it, without_it = (
            cell.get(url),
            cell.get(f"{url}&fieldwork_to={start - timedelta(days=1)}"),
        )
        if with_it.status_code != 200 or without_it.status_code != 200:
            return Observed(f"{with_it.status_code} and {without_it.status_code}")
        figures = ("inspected", "judgements")
        if [with_it.json()[k] for k in figures] != [without_it.json()[k] for k in figures]:
            return Observed("inspection counted")
        return Observed("inspection not counted")


def reads_private(caller: str, state: State | None) -> bool:
    """Self-evaluations and engagement meetings: the authority, its region's inspectors and
    admins; never the public, another authority or another region's inspector."""
    return caller == "authority" or caller in INSIDERS


SELF_EVALUATION: Body = {
    "submitted_on": TODAY,
    "quality_and_impact": "Practice is improving.",
    "how_we_know": "Audits.",
    "plans_next_12_months": "Recruit.",
}
MEETING_LETTER = "Dear director: the front door needs attention."
ENGAGEMENT_MEETING: Body = {
    "held_on": TODAY,
    "attendees": [{"role": "director_of_childrens_services"}, {"role": "senior_hmi"}],
    "summary_letter": MEETING_LETTER,
    "next_steps": ["Share the audit programme."],
}


@dataclass(frozen=True, kw_only=True)
class Private(Check):
    """An authority's private records: 200 for whoever may read them, 404 (as for an
    authority with none) for anyone else, whatever any event's state. By id: of one an admin
    makes first (`made`: where it is posted, and its body)."""

    states: tuple[State | None, ...] = STATELESS
    made: tuple[str, Body] | None = None

    def expected(self, caller: str, state: State | None) -> frozenset[str]:
        return frozenset({"200" if reads_private(caller, state) else "404"})

    def observe(self, cell: Cell) -> Observed:
        with undone(cell.connection):
            params = {"code": OWN_AUTHORITY}
            if self.made is not None:
                path, body = self.made
                made = cell.client.post(
                    cell.url(path=path), json=dict(body), headers=dict(cell.admin)
                )
                assert made.status_code == 201, made.text
                params["evaluation_id"] = params["meeting_id"] = made.json()["id"]
            response = cell.get(cell.path.format_map(params))
        flaws = []
        if not reads_private(cell.caller, None) and MEETING_LETTER in response.text:
            flaws.append("meeting letter leaked")
        return _observed(str(response.status_code), flaws, response)


BodyOf = Callable[[World, State], Body]


@dataclass(frozen=True, kw_only=True)
class Write(Check):
    """A change: 401 for the public, 404 for whoever cannot see the resource, 403 for whoever
    sees it but may not change it; the permitted callers' change succeeds where it fits the
    state, and is otherwise at most refused by the domain (409, 422)."""

    target: Target | None  # None: a creation at Barking and Dagenham, which everyone sees
    writers: Audience
    body: Body | BodyOf
    fits: tuple[State | None, ...]
    audience: Audience = sees_event

    def expected(self, caller: str, state: State | None) -> frozenset[str]:
        if caller == "public":
            return frozenset({"401"})
        if not self.audience(caller, state):
            return frozenset({"404"})
        if not self.writers(caller, state):
            return frozenset({"403"})
        return frozenset({"2xx"} if state in self.fits else {"2xx", "409", "422"})

    def observe(self, cell: Cell) -> Observed:
        headers = dict(cell.headers)
        if self.target is not None:
            headers["If-Match"] = cell.etag(self.target)
        body = self.body
        if callable(body):
            body = body(*cell.events())
        with undone(cell.connection):
            response = cell.client.request(
                cell.method, cell.url(self.target), json=dict(body), headers=headers
            )
        return Observed(_status(response), response.text[:200])


def lifecycle_step(body: Body, *, fits: tuple[State, ...]) -> Write:
    """A step of the standard inspection's lifecycle: inspectors' and admins' to take."""
    return Write(target="inspection", writers=runs_inspections, body=body, fits=fits)


def letter_again(world: World, state: State) -> Body:
    """The visit's letter with one more strength (before fieldwork ends there is no letter:
    any will do, the domain refuses it first); a published one is corrected, with a reason."""
    _, body = letter(LETTERS_SENT.get(state, TODAY), "Partners value the front door.")
    return {**body, "reason": "A strength was left out."}


def closed_by_later_inspection(world: World, state: State) -> Body:
    return {"closed_on": TODAY, "closed_by_event_id": world.closing}


EVENTS = (
    Shown("inspection", lambda world, state: (world.inspections[state],), sees_event),
    Shown("visit", lambda world, state: (world.visits[state],), sees_event),
)
PRIORITY_ACTIONS = Shown(
    "priority actions", lambda world, state: world.actions[state], sees_priority_actions
)
LATEST_JUDGEMENTS = Shown(
    "latest judgements", lambda world, state: (world.inspections[state],), public_record
)
GRADES = Shown(
    "grades",
    lambda world, state: (world.inspections[state],),
    lambda caller, state: state in AFTER_FIELDWORK and sees_event(caller, state),
)
# What the schedule shows of a state's events: deadlines follow from an inspection once it is
# published (its report) and a visit's through its priority actions; what meets a window counts
# only where the caller sees it.
SCHEDULED = (
    Shown("inspection", lambda world, state: (world.inspections[state],), GRADES.audience),
    Shown("visit", lambda world, state: (world.visits[state],), sees_priority_actions),
    PRIORITY_ACTIONS,
)
REASON = {"reason": "The director asked for another week."}

# --- The matrix -------------------------------------------------------------------------------

MATRIX: dict[Operation, Check] = {
    # The platform and reference data.
    ("GET", "/healthz"): Static(),
    ("GET", "/readyz"): Static(),
    ("GET", "/metrics"): OperatorsOnly(),
    ("GET", "/v1/frameworks"): Static(),
    # One resource by id.
    ("GET", "/v1/events/{event_id}"): EventById(target="inspection"),
    ("GET", "/v1/events/{event_id}/history"): ById(target="inspection"),
    ("GET", "/v1/priority-actions/{action_id}"): ById(target="action", states=AFTER_FIELDWORK),
    # Lists and summaries.
    ("GET", "/v1/events"): Listing(query=f"?authority={OWN_AUTHORITY}&limit=500", shows=EVENTS),
    ("GET", "/v1/authorities/{code}/events"): Listing(query="?limit=500", shows=EVENTS),
    ("GET", "/v1/priority-actions"): Listing(
        query=f"?authority={OWN_AUTHORITY}", shows=(PRIORITY_ACTIONS,)
    ),
    ("GET", "/v1/authorities"): Listing(
        query="?region=london", shows=(PRIORITY_ACTIONS, LATEST_JUDGEMENTS)
    ),
    ("GET", "/v1/authorities/{code}"): Listing(
        query="", shows=(PRIORITY_ACTIONS, LATEST_JUDGEMENTS)
    ),
    ("GET", "/v1/authorities/{code}/neighbours"): NeighboursOf(
        code="E09000010", query="", shows=(LATEST_JUDGEMENTS,)
    ),
    ("GET", "/v1/statistics/judgements"): Figures(),
    ("GET", "/v1/schedule"): Listing(
        query=f"?authority={OWN_AUTHORITY}&from=2026-01-01&to=2030-12-31&limit=500",
        shows=SCHEDULED,
    ),
    ("GET", "/v1/changes"): Feed(shows=(*EVENTS, PRIORITY_ACTIONS)),
    # Exports: the lists' rows, so the lists' visibility.
    ("GET", "/v1/exports/events.csv"): Listing(query=f"?authority={OWN_AUTHORITY}", shows=EVENTS),
    ("GET", "/v1/exports/events.xlsx"): Spreadsheet(
        query=f"?authority={OWN_AUTHORITY}", shows=EVENTS
    ),
    ("GET", "/v1/exports/judgements.csv"): Listing(query="?region=london", shows=(GRADES,)),
    ("GET", "/v1/exports/judgements.xlsx"): Spreadsheet(query="?region=london", shows=(GRADES,)),
    ("GET", "/v1/exports/authorities.csv"): Listing(
        query="?region=london", shows=(PRIORITY_ACTIONS, LATEST_JUDGEMENTS)
    ),
    ("GET", "/v1/exports/authorities.xlsx"): Spreadsheet(
        query="?region=london", shows=(PRIORITY_ACTIONS, LATEST_JUDGEMENTS)
    ),
    # Creations at Barking and Dagenham.
    ("POST", "/v1/events"): Write(
        target=None,
        audience=anyone,
        writers=runs_inspections,
        body=INSPECTIONS["planned"].plan(),
        fits=STATELESS,
        states=STATELESS,
    ),
    ("POST", "/v1/authorities/{code}/self-evaluations"): Write(
        target=None,
        audience=anyone,
        writers=acts_for_authority,
        body=SELF_EVALUATION,
        fits=STATELESS,
        states=STATELESS,
    ),
    ("POST", "/v1/authorities/{code}/engagement-meetings"): Write(
        target=None,
        audience=anyone,
        writers=runs_inspections,
        body=ENGAGEMENT_MEETING,
        fits=STATELESS,
        states=STATELESS,
    ),
    # The private side of the year: never public, whatever the events' states.
    ("GET", "/v1/authorities/{code}/self-evaluations"): Private(),
    ("GET", "/v1/authorities/{code}/self-evaluations/{evaluation_id}"): Private(
        made=("/v1/authorities/{code}/self-evaluations", SELF_EVALUATION)
    ),
    ("GET", "/v1/authorities/{code}/engagement-meetings"): Private(),
    ("GET", "/v1/authorities/{code}/engagement-meetings/{meeting_id}"): Private(
        made=("/v1/authorities/{code}/engagement-meetings", ENGAGEMENT_MEETING)
    ),
    # A correction of the meeting of the world (whatever the events' states): the authority
    # reads it but may not change it.
    ("PATCH", "/v1/authorities/{code}/engagement-meetings/{meeting_id}"): Write(
        target="meeting",
        audience=reads_private,
        writers=runs_inspections,
        body={"next_steps": ["Share the audit programme.", "Report on timeliness."]},
        fits=STATES,
    ),
    # Changes to the standard inspection; `fits` names the states where the step applies.
    ("PATCH", "/v1/events/{event_id}"): Write(
        target="inspection",
        writers=corrects,
        body={"notes": "Moved to a bigger room.", "reason": "The room changed."},
        fits=STATES,
    ),
    ("POST", "/v1/events/{event_id}/notify"): lifecycle_step(
        {"notified_on": "2026-11-09"}, fits=("planned",)
    ),
    ("POST", "/v1/events/{event_id}/start"): lifecycle_step(
        {"fieldwork_start": TODAY}, fits=("notified",)
    ),
    ("POST", "/v1/events/{event_id}/cancel"): lifecycle_step(REASON, fits=("planned", "notified")),
    ("POST", "/v1/events/{event_id}/defer"): lifecycle_step(REASON, fits=("planned", "notified")),
    # These fit none of the four states: complete and pause an event on site, publish one whose
    # fieldwork is complete, resume a paused or deferred one.
    ("POST", "/v1/events/{event_id}/complete"): lifecycle_step({"fieldwork_end": TODAY}, fits=()),
    ("POST", "/v1/events/{event_id}/pause"): lifecycle_step(REASON, fits=()),
    ("POST", "/v1/events/{event_id}/resume"): lifecycle_step({}, fits=()),
    ("POST", "/v1/events/{event_id}/publish"): lifecycle_step(
        {"published_on": TODAY, "report_url": REPORT_URL}, fits=()
    ),
    ("PUT", "/v1/events/{event_id}/judgements"): Write(
        target="inspection",
        writers=corrects,
        body={**graded("good")[1], "reason": "A grade was mistyped."},
        fits=AFTER_FIELDWORK,
    ),
    # Changes to the focused visit and to the priority action its letter raised.
    ("PUT", "/v1/events/{event_id}/letter"): Write(
        target="visit", writers=corrects, body=letter_again, fits=AFTER_FIELDWORK
    ),
    ("POST", "/v1/priority-actions/{action_id}/action-plans"): Write(
        target="action",
        writers=acts_for_authority,
        body={"stage": "draft", "submitted_on": TODAY},
        fits=AFTER_FIELDWORK,
        states=AFTER_FIELDWORK,
    ),
    ("POST", "/v1/priority-actions/{action_id}/close"): Write(
        target="action",
        writers=runs_inspections,
        body=closed_by_later_inspection,
        fits=AFTER_FIELDWORK,
        states=AFTER_FIELDWORK,
    ),
}

# Served but not operations of the document: the document itself and its viewers.
UNDOCUMENTED: dict[Operation, Check] = {
    ("GET", "/openapi.json"): Static(),
    ("GET", "/docs"): Static(),
    ("GET", "/docs/oauth2-redirect"): Static(),
    ("GET", "/redoc"): Static(),
    ("ANY", "/static-offline-docs"): Asset(file="swagger-ui-bundle.js"),
}
EVERY_ROUTE = {**MATRIX, **UNDOCUMENTED}


# --- The tests ---------------------------------------------------------------------------------

HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def documented_operations(client: TestClient) -> set[Operation]:
    paths: dict[str, dict[str, object]] = client.get("/openapi.json").json()["paths"]
    return {(m.upper(), path) for path, item in paths.items() for m in item if m in HTTP_METHODS}


def served_routes(app: FastAPI) -> set[Operation]:
    served: set[Operation] = set()
    for route in iter_route_contexts(app.routes):
        methods = set(route.methods or {"ANY"})
        if "GET" in methods:
            methods.discard("HEAD")  # Starlette answers HEAD wherever it answers GET
        served |= {(method, route.path or "") for method in methods}
    return served


def _named(operations: set[Operation]) -> str:
    return "\n".join(f"  {method} {path}" for method, path in sorted(operations))


def test_the_matrix_covers_exactly_the_documented_operations(client: TestClient) -> None:
    documented = documented_operations(client)
    missing, unknown = documented - MATRIX.keys(), MATRIX.keys() - documented
    assert not missing, f"Operations in the OpenAPI document, not in MATRIX:\n{_named(missing)}"
    assert not unknown, f"Rows of MATRIX the OpenAPI document does not have:\n{_named(unknown)}"


def test_every_route_the_app_serves_is_in_the_matrix(app: FastAPI) -> None:
    served = served_routes(app)
    unlisted, gone = served - EVERY_ROUTE.keys(), UNDOCUMENTED.keys() - served
    assert not unlisted, f"Routes served but in no table of this module:\n{_named(unlisted)}"
    assert not gone, f"Rows of UNDOCUMENTED the app no longer serves:\n{_named(gone)}"


@pytest.mark.parametrize(
    "operation", list(EVERY_ROUTE), ids=[f"{method} {path}" for method, path in EVERY_ROUTE]
)
def test_role_matrix(
    request: pytest.FixtureRequest,
    client: TestClient,
    connection: Connection,
    tokens: dict[str, dict[str, str]],
    operation: Operation,
) -> None:
    method, path = operation
    check = EVERY_ROUTE[operation]
    world = None if check.states == STATELESS else request.getfixturevalue("world")
    wrong = []
    for state in check.states:
        for caller in CALLERS:
            cell = Cell(
                client,
                connection,
                method,
                path,
                caller,
                tokens[caller],
                state,
                world,
                tokens["admin"],
            )
            expected, observed = check.expected(caller, state), check.observe(cell)
            if observed.outcome not in expected:
                wrong.append(
                    f"  {caller}, {state or 'any state'}: expected {' or '.join(sorted(expected))},"
                    f" got {observed.outcome}  {observed.detail}"
                )
    assert not wrong, f"{method} {path}:\n" + "\n".join(wrong)


BAD_AUTHORIZATIONS = {
    "another scheme": "Basic dXNlcjpwYXNzd29yZA==",
    "no token": "Bearer",
    "malformed token": "Bearer not-one-of-ours",
    "unknown token": f"Bearer {TOKEN_PREFIX}{'A' * 43}",
}


def _refused(response: Response) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "authorization", list(BAD_AUTHORIZATIONS.values()), ids=list(BAD_AUTHORIZATIONS)
)
def test_a_bad_token_is_refused_not_served_the_public_view(
    client: TestClient, authorization: str
) -> None:
    _refused(client.get("/v1/events", headers={"Authorization": authorization}))


def test_a_revoked_token_is_refused(client: TestClient, session: Session) -> None:
    key, token = create_key(session, Role.ADMIN)
    revoke_key(session, key.id)
    session.commit()
    _refused(client.get("/v1/events", headers={"Authorization": f"Bearer {token}"}))
