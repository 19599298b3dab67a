// kpi report in Teams through /api/messages with a local serviceUrl: an officer gets the acknowledgement, then
// a link at a signed address under PUBLIC_URL that our HTTP server answers with the report built then (Word with
// a chart per indicator, or HTML shown in the browser); an altered or re-labelled link is a bare 404; a viewer is
// refused; without PUBLIC_URL the asker is told to use Slack or the command line.
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Recorded } from "../helpers/fake-slack.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";

const TENANT = "11111111-1111-4111-8111-111111111111";
const KIM = "cccccccc-0000-4000-8000-000000000001";
const VAL = "cccccccc-0000-4000-8000-000000000002";
const PUBLIC_URL = "https://kpi.council.example.org";
const SECRET = "report-url-secret-for-tests-0123456789";
const people = [
  { email: "kim.officer@example.org", name: "Kim Officer", organisation: "barnet", role: "officer", teamsUserId: KIM },
  { email: "val.viewer@example.org", name: "Val Viewer", organisation: "barnet", role: "viewer", teamsUserId: VAL },
];

/** The bot's messages in reply to an activity, once `count` have come. */
async function replies(fixture: PlatformFixture, id: string, count: number): Promise<string[]> {
  const mine = (c: Recorded) => c.path.endsWith(`/activities/${id}`) && c.body.type === "message";
  await fixture.fake.waitFor(() => fixture.fake.calls.filter(mine).length >= count, 60_000);
  return fixture.fake.calls.filter(mine).map((c) => String(c.body.text ?? ""));
}

describe("Teams: kpi report with PUBLIC_URL", () => {
  let fixture: PlatformFixture;
  beforeAll(async () => {
    fixture = await startPlatform({ provider: "sqlite", platform: "teams", workspaces: { barnet: TENANT }, people, env: { PUBLIC_URL, CHART_URL_SECRET: SECRET }, service: { jobs: false } });
  }, 240_000);
  afterAll(() => fixture?.stop());

  const ask = async (text: string, user: string) => {
    const { id, body } = fixture.activity({ user, tenant: TENANT }, { text });
    expect((await fixture.post(body)).status).toBeLessThan(300);
    return id;
  };
  const local = (url: string) => `http://127.0.0.1:${fixture.service.port}${new URL(url).pathname}`;

  it("acknowledges an officer, then links the Word report, which our server builds with a chart per indicator", async () => {
    const id = await ask("kpi report Commissioning Group Q1 2016/17", KIM);
    const [first, second] = await replies(fixture, id, 2);
    expect(first).toBe("Building the Q1 2016/17 report for Commissioning Group…");
    expect(second).toContain("**Performance report: Commissioning Group, Q1 2016/17**");
    const url = /\((https:\/\/kpi\.council\.example\.org\/reports\/[\w.-]+\.docx)\)/.exec(second!)?.[1];
    expect(url).toBeDefined();

    const res = await fetch(local(url!));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="barnet-commissioning-group-q1-2016-17.docx"');
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    expect(await zip.file("word/document.xml")!.async("string")).toContain("CG/C23");
    expect(Object.keys(zip.files).filter((f) => /^word\/media\/.+\.png$/.test(f))).toHaveLength(28);

    // One character changed, or the token under another extension: the same bare 404.
    const path = new URL(url!).pathname;
    const token = path.slice("/reports/".length, -".docx".length);
    const altered = `/reports/${token.slice(0, 5)}${token[5] === "A" ? "B" : "A"}${token.slice(6)}.docx`;
    for (const wrong of [altered, `/reports/${token}.html`, "/reports/nothing.docx"]) {
      const refused = await fetch(`http://127.0.0.1:${fixture.service.port}${wrong}`);
      expect(refused.status, wrong).toBe(404);
      expect(JSON.stringify(await refused.json())).not.toContain("token");
    }
  });

  it("links the HTML report, shown in the browser with nothing to fetch", async () => {
    const id = await ask("report Commissioning Group Q1 2016/17 html", KIM);
    const [, second] = await replies(fixture, id, 2);
    const url = /\((https:\/\/[^)]+\.html)\)/.exec(second!)?.[1];
    const res = await fetch(local(url!));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('inline; filename="barnet-commissioning-group-q1-2016-17.html"');
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    expect((await res.text()).match(/<img class="chart" /g)).toHaveLength(28);

    // Opened three times at once: the reports are built in turn, and each opening gets the whole report.
    const again = await Promise.all([1, 2, 3].map(() => fetch(local(url!))));
    for (const opened of again) {
      expect(opened.status).toBe(200);
      expect((await opened.text()).match(/<img class="chart" /g)).toHaveLength(28);
    }
  });

  it("refuses a viewer, and says what is wrong with a service, with no link", async () => {
    const [refused] = await replies(fixture, await ask("kpi report Q1 2016/17", VAL), 1);
    expect(refused).toContain("The committee report is for performance officers and admins of London Borough of Barnet.");
    // Said before anything is said to be building, in the one reply.
    const parks = await ask("kpi report parks Q1 2016/17", KIM);
    const [told] = await replies(fixture, parks, 1);
    expect(told).toMatch(/“parks” is not a service of London Borough of Barnet/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const all = await replies(fixture, parks, 1);
    expect(all).toHaveLength(1);
    expect(all.join("\n")).not.toMatch(/Building|\/reports\//);
  });
});

describe("Teams: kpi report without PUBLIC_URL", () => {
  let fixture: PlatformFixture;
  beforeAll(async () => {
    fixture = await startPlatform({ provider: "sqlite", platform: "teams", workspaces: { barnet: TENANT }, people, service: { jobs: false } });
  }, 240_000);
  afterAll(() => fixture?.stop());

  it("tells an officer to use Slack or the command line, with the command to type", async () => {
    const { id, body } = fixture.activity({ user: KIM, tenant: TENANT }, { text: "kpi report Commissioning Group Q1 2016/17" });
    expect((await fixture.post(body)).status).toBeLessThan(300);
    const [told] = await replies(fixture, id, 1);
    expect(told).toBe('The report cannot be sent in Teams here: this bot has no public address to link it from. Ask for it with /kpi report in Slack, or build it with npm run kpi -- report --organisation "London Borough of Barnet" --period "Q1 2016/17" --service "Commissioning Group".');
  });
});
