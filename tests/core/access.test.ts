// Which organisations an asker sees, and what roles let them do.
import { describe, expect, it } from "vitest";
import { holds, refusal, rolesOf, visibilityFor, type Asker, type PersonProfile, type WorkspaceLinkRecord } from "../../src/core/access.ts";

const BARNET = "London Borough of Barnet";
const SUTTON = "London Borough of Sutton";
const links: WorkspaceLinkRecord[] = [
  { organisation: BARNET, kind: "slack-team", externalId: "T0BARNET" },
  { organisation: SUTTON, kind: "slack-team", externalId: "T0SUTTON" },
  { organisation: SUTTON, kind: "slack-enterprise", externalId: "E0GRID" },
  { organisation: BARNET, kind: "teams-tenant", externalId: "11111111-1111-4111-8111-111111111111" },
];
const from = (...workspace: Asker["workspace"]): Asker => ({ workspace, identity: {} });
const person = (over: Partial<PersonProfile>): PersonProfile => ({ name: "P", email: "p@example.org", role: "viewer", organisation: BARNET, slackUserId: null, teamsUserId: null, owns: 0, ...over });

describe("visibility", () => {
  it("is everything while no link exists, whoever asks", () => {
    expect(visibilityFor([], from())).toEqual({ kind: "everything" });
    expect(visibilityFor([], from({ kind: "slack-team", id: "T0OTHER" }))).toEqual({ kind: "everything" });
  });

  it("is the organisations linked to the workspace, grid or tenant, and nothing for an unlinked one", () => {
    expect(visibilityFor(links, from({ kind: "slack-team", id: "T0BARNET" }))).toEqual({ kind: "organisations", names: [BARNET] });
    // A workspace of a grid sees what either is linked to.
    expect(visibilityFor(links, from({ kind: "slack-team", id: "T0BARNET" }, { kind: "slack-enterprise", id: "E0GRID" }))).toEqual({ kind: "organisations", names: [BARNET, SUTTON] });
    expect(visibilityFor(links, from({ kind: "teams-tenant", id: "11111111-1111-4111-8111-111111111111" }))).toEqual({ kind: "organisations", names: [BARNET] });
    expect(visibilityFor(links, from({ kind: "slack-team", id: "T0OTHER" }))).toEqual({ kind: "unlinked" });
    // The same id under another kind is another thing.
    expect(visibilityFor(links, from({ kind: "slack-enterprise", id: "T0BARNET" }))).toEqual({ kind: "unlinked" });
    expect(visibilityFor(links, from())).toEqual({ kind: "unlinked" });
  });
});

describe("roles", () => {
  it("adds owner to whoever owns something; a stored owner without anything is a viewer", () => {
    expect(rolesOf(person({ role: "admin", owns: 3 }))).toEqual(["admin", "owner"]);
    expect(rolesOf(person({ role: "viewer", owns: 3 }))).toEqual(["owner"]);
    expect(rolesOf(person({ role: "owner", owns: 0 }))).toEqual(["viewer"]); // an older database's stored owner
    expect(rolesOf(person({ role: "officer" }))).toEqual(["officer"]);
  });

  it("lets an admin do what an officer may, in their own organisation only; a person of every organisation anywhere", () => {
    expect(holds(person({ role: "admin" }), "officer", BARNET)).toBe(true);
    expect(holds(person({ role: "officer" }), "admin", BARNET)).toBe(false);
    expect(holds(person({ role: "admin" }), "admin", SUTTON)).toBe(false);
    expect(holds(person({ role: "admin", organisation: null }), "admin", SUTTON)).toBe(true);
    expect(holds(person({ role: "admin" }), "admin", null)).toBe(false);
    expect(holds(null, "viewer", BARNET)).toBe(false);
  });

  it("says which role a refusal needs, and what the person is", () => {
    expect(refusal("Opening a cycle", "officer", BARNET, person({ owns: 2 }))).toBe("Opening a cycle needs the officer role in London Borough of Barnet; you are an owner there.");
    expect(refusal("Opening a cycle", "officer", SUTTON, person({}))).toBe("Opening a cycle needs the officer role in London Borough of Sutton; you belong to London Borough of Barnet.");
    expect(refusal("Opening a cycle", "officer", BARNET, null)).toMatch(/does not know who you are yet/);
  });
});
