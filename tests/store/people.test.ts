// Organisations linked to workspaces, people linked to chat identities, roles: on real databases.
import { describe, expect, it } from "vitest";
import { visibilityFor } from "../../src/core/access.ts";
import { ask } from "../../src/core/use-cases/ask.ts";
import { visibleCatalogue } from "../../src/core/use-cases/visible-catalogue.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { readDataVersion } from "../../src/store/data-version.ts";
import { findOrganisation, LinkRefusedError, linkWorkspace, listLinks, NotFoundError, unlinkWorkspace } from "../../src/store/organisations.ts";
import { addPerson, linkIdentity, listPeople, PersonRefusedError, prismaPeople } from "../../src/store/people.ts";
import { demoDatabase, providers } from "../helpers/databases.ts";

describe.each(providers)("organisations and people on %s", (provider) => {
  const database = demoDatabase(provider);
  const db = () => database().db;

  it("finds an organisation by slug or name, in any case, and names the others when there is none", async () => {
    expect((await findOrganisation(db(), "barnet")).slug).toBe("barnet");
    expect((await findOrganisation(db(), " london borough of SUTTON ")).slug).toBe("sutton");
    await expect(findOrganisation(db(), "hackney")).rejects.toThrow(/No organisation “hackney”. The organisations are: barnet \(London Borough of Barnet\), sutton/);
  });

  it("links and unlinks workspaces, once each, bumping the data version; refuses ids of the wrong shape", async () => {
    const before = await readDataVersion(db());
    expect(await linkWorkspace(db(), "barnet", "slack-team", "T0BARNET")).toEqual({ organisation: "London Borough of Barnet", added: true });
    expect(await linkWorkspace(db(), "barnet", "slack-team", "T0BARNET")).toMatchObject({ added: false });
    await linkWorkspace(db(), "sutton", "teams-tenant", "22222222-2222-4222-8222-22222222222A");
    expect(await readDataVersion(db())).toBe(before + 2);
    expect(await listLinks(db())).toEqual([
      { organisation: "London Borough of Barnet", slug: "barnet", kind: "slack-team", externalId: "T0BARNET" },
      { organisation: "London Borough of Sutton", slug: "sutton", kind: "teams-tenant", externalId: "22222222-2222-4222-8222-22222222222a" },
    ]);
    await expect(linkWorkspace(db(), "barnet", "slack-team", "barnet workspace")).rejects.toBeInstanceOf(LinkRefusedError);
    await expect(linkWorkspace(db(), "barnet", "teams-tenant", "T0BARNET")).rejects.toThrow(/GUID/);
    await expect(linkWorkspace(db(), "hackney", "slack-team", "T0HACKNEY")).rejects.toBeInstanceOf(NotFoundError);
    expect(await unlinkWorkspace(db(), "sutton", "teams-tenant", "22222222-2222-4222-8222-22222222222a")).toMatchObject({ removed: true });
    expect(await unlinkWorkspace(db(), "sutton", "teams-tenant", "22222222-2222-4222-8222-22222222222a")).toMatchObject({ removed: false });
    expect(await listLinks(db())).toHaveLength(1);
  });

  it("restricts every read of the catalogue to the organisations a workspace sees", async () => {
    const catalogue = prismaCatalogue(db());
    const sutton = visibleCatalogue(catalogue, visibilityFor(await catalogue.workspaceLinks(), { workspace: [{ kind: "slack-team", id: "T0SUTTON" }], identity: {} }));
    expect(sutton).toBe(visibleCatalogue(catalogue, { kind: "unlinked" }));
    await linkWorkspace(db(), "sutton", "slack-team", "T0SUTTON");
    const links = await catalogue.workspaceLinks();
    const seen = visibleCatalogue(catalogue, visibilityFor(links, { workspace: [{ kind: "slack-team", id: "T0SUTTON" }], identity: {} }));
    expect(await seen.indicatorsByKey("acs8")).toEqual([]);
    expect((await seen.organisations()).map((o) => o.slug)).toEqual(["sutton"]);
    expect((await seen.services()).every((s) => s.organisation === "London Borough of Sutton")).toBe(true);
    expect((await seen.actions({})).length).toBeGreaterThan(0);
    expect((await seen.actions({})).every((a) => a.organisation === "London Borough of Sutton")).toBe(true);
    expect(await seen.allRefs()).toEqual([]);
    expect(JSON.stringify(await ask(seen, "AC/S8"))).not.toContain("53.2%");
    const barnet = visibleCatalogue(catalogue, visibilityFor(links, { workspace: [{ kind: "slack-team", id: "T0BARNET" }], identity: {} }));
    expect(JSON.stringify(await ask(barnet, "AC/S8"))).toContain("53.2%");
    await unlinkWorkspace(db(), "sutton", "slack-team", "T0SUTTON");
  });

  it("adds people, changes them, links identities (moving one that another person had) and lists them", async () => {
    const { person, added } = await addPerson(db(), { email: " Kim.Officer@Example.org ", name: "Kim Officer", organisation: "barnet", role: "Officer" });
    expect(added).toBe(true);
    expect(person).toMatchObject({ email: "kim.officer@example.org", role: "officer", organisation: "London Borough of Barnet", owns: 0 });
    expect((await addPerson(db(), { email: "kim.officer@example.org", role: "admin" })).person).toMatchObject({ name: "Kim Officer", role: "admin" });
    await expect(addPerson(db(), { email: "new@example.org" })).rejects.toThrow(/give their name with --name/);
    await expect(addPerson(db(), { email: "not an email", name: "X" })).rejects.toBeInstanceOf(PersonRefusedError);
    await expect(addPerson(db(), { email: "x@example.org", name: "X", role: "boss" })).rejects.toThrow(/the roles are admin, officer, viewer/);

    await linkIdentity(db(), "alex.morgan@example.org", { slackUserId: "U0SHARED" });
    const moved = await linkIdentity(db(), "kim.officer@example.org", { slackUserId: "U0SHARED", teamsUserId: "AAAAAAAA-0000-4000-8000-000000000001" });
    expect(moved).toMatchObject({ slackUserId: "U0SHARED", teamsUserId: "aaaaaaaa-0000-4000-8000-000000000001" });
    const people = prismaPeople(db());
    expect((await people.byEmail("alex.morgan@example.org"))?.slackUserId).toBeNull();
    expect((await people.byIdentity({ teamsUserId: "AAAAAAAA-0000-4000-8000-000000000001" }))?.name).toBe("Kim Officer");
    await expect(linkIdentity(db(), "kim.officer@example.org", { slackUserId: "kim" })).rejects.toThrow(/U0123ABCD/);
    await expect(linkIdentity(db(), "nobody@example.org", { slackUserId: "U0NOBODY" })).rejects.toThrow(/add them first/);

    const barnet = await listPeople(db(), "barnet");
    expect(barnet.map((p) => p.name)).toContain("Kim Officer");
    expect(barnet.find((p) => p.name === "Alex Morgan")?.owns).toBeGreaterThan(0);
    expect(barnet.every((p) => p.organisation === "London Borough of Barnet")).toBe(true);
  });

  it("links by email only a person not linked on that platform yet", async () => {
    const people = prismaPeople(db());
    expect(await people.linkByEmail("priya.shah@example.org", { slackUserId: "U0PRIYA" })).toMatchObject({ name: "Priya Shah", slackUserId: "U0PRIYA" });
    expect(await people.linkByEmail("priya.shah@example.org", { slackUserId: "U0IMPOSTOR" })).toBeNull();
    expect(await people.linkByEmail("nobody@example.org", { slackUserId: "U0NOBODY" })).toBeNull();
    expect((await people.setRole("priya.shah@example.org", "officer")).role).toBe("officer");
  });
});
