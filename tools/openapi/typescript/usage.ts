// What a dashboard written in TypeScript does with the client types generated from
// openapi/openapi.json (tests/api/test_typescript_client.py generates ilacs.d.ts beside this
// file and type-checks it with tsc --noEmit). The values are the ones the README shows.
import type { components, paths } from "./ilacs";

type AuthoritiesQuery = NonNullable<paths["/v1/authorities"]["get"]["parameters"]["query"]>;
type EventsQuery = NonNullable<paths["/v1/events"]["get"]["parameters"]["query"]>;
type Authority = components["schemas"]["AuthorityPublic"];
type AuthorityPage = paths["/v1/authorities"]["get"]["responses"]["200"]["content"]["application/json"];
type Plan = components["schemas"]["EventPlan"];
type Problem = components["schemas"]["Problem"];

// Ofsted's spelling of a region works as well as its slug (README: ?region=London).
export const london: AuthoritiesQuery = { region: "London", limit: 10 };
export const northWest: AuthoritiesQuery = { region: "north_west", pathway: "short" };
export const kentsEvents: EventsQuery = {
  authority: "E10000016",
  fieldwork_from: "2024-01-01",
  fieldwork_to: "2025-03-31",
};

export const plan: Plan = {
  authority_code: "E10000016",
  kind: "focused_visit",
  fieldwork_start: "2026-11-02",
  fieldwork_end: "2026-11-03",
  theme: "front_door",
};

export function names(page: AuthorityPage): string[] {
  return page.items.map((authority: Authority) => `${authority.name} (${authority.region})`);
}

export function next(page: AuthorityPage): string | null {
  return page.next_cursor;
}

export function explain(problem: Problem): string {
  return `${problem.status} ${problem.title}: ${problem.detail}`;
}

// What the document refuses, the compiler refuses too.
// @ts-expect-error: no such region
export const atlantis: AuthoritiesQuery = { region: "Atlantis" };
// @ts-expect-error: inspectors never plan a self-evaluation
export const selfEvaluation: Plan = { ...plan, kind: "self_evaluation" };
