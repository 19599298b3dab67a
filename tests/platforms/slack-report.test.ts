// /kpi report in Slack through the real receiver (signed requests) and the fake Web API: an officer is told
// "Building the Q1 2016/17 report…" at once, then the report (with a chart per indicator) is uploaded into
// their direct message with the bot through the upload flow, and they are told so; a viewer, a request with
// no period that reads as one, and a service that does not exist are told why, and nothing is uploaded.
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slashCommandBody, type Recorded } from "../helpers/fake-slack.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";

const WORKSPACE = "T1";
const SUTTON = "T2";
const KIM = "kim.officer@example.org";

describe("Slack: /kpi report", () => {
  let fixture: PlatformFixture;
  beforeAll(async () => {
    fixture = await startPlatform({
      provider: "sqlite",
      platform: "slack",
      workspaces: { barnet: WORKSPACE, sutton: SUTTON },
      people: [
        { email: "sam.officer@example.org", name: "Sam Officer", organisation: "sutton", role: "officer", slackUserId: "U0SAM" },
        { email: KIM, name: "Kim Officer", organisation: "barnet", role: "officer", slackUserId: "U0KIM" },
        { email: "val.viewer@example.org", name: "Val Viewer", organisation: "barnet", role: "viewer", slackUserId: "U0VAL" },
      ],
      service: { jobs: false },
    });
  }, 240_000);
  afterAll(() => fixture?.stop());

  const uploadsSince = (start: number) => fixture.fake.calls.slice(start).filter((c: Recorded) => /^\/(api\/files\.|upload\/)/.test(c.path));
  const ask = async (text: string, user: string, response: string, workspace = WORKSPACE) => {
    const res = await fixture.post(slashCommandBody(text, fixture.fake.responseUrl(response), user, workspace));
    expect(res.status).toBe(200);
    return await res.json();
  };

  it("acknowledges an officer at once, then uploads the Word report with its charts into their direct message", async () => {
    const start = fixture.fake.calls.length;
    const acknowledged = await ask("report Commissioning Group Q1 2016/17", "U0KIM", "report1");
    expect(acknowledged).toMatchObject({ response_type: "ephemeral", text: "Building the Q1 2016/17 report for Commissioning Group…" });
    // Acknowledged before anything was uploaded.
    expect(uploadsSince(start).filter((c) => c.path === "/api/files.completeUploadExternal")).toEqual([]);

    const told = await fixture.fake.waitFor((c) => c.path === "/response/report1", 60_000);
    expect(JSON.stringify(told.body)).toContain("The Q1 2016/17 report is in your direct messages with the bot.");
    expect(told.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    const steps = uploadsSince(start);
    expect(steps.map((c) => c.path.replace(/F\d+$/, "F…"))).toEqual(["/api/files.getUploadURLExternal", "/upload/v1/F…", "/api/files.completeUploadExternal"]);
    const completed = steps.at(-1)!;
    expect(completed.body).toMatchObject({ channel_id: "D0KIM" });
    expect(JSON.stringify(completed.body.blocks)).toContain("Performance report: Commissioning Group, Q1 2016/17");
    const upload = fixture.fake.uploads().find((u) => u.id === (completed.body.files as { id: string }[])[0]!.id)!;
    expect(upload.filename).toBe("barnet-commissioning-group-q1-2016-17.docx");
    expect(upload.title).toBe("Performance report: Commissioning Group, Q1 2016/17");
    expect(upload.sharedIn).toEqual(["D0KIM"]);
    const zip = await JSZip.loadAsync(upload.bytes!);
    const xml = await zip.file("word/document.xml")!.async("string");
    for (const ref of ["CG/C23", "CG/S24", "CG/C15"]) expect(xml).toContain(ref);
    expect(Object.keys(zip.files).filter((f) => /^word\/media\/.+\.png$/.test(f))).toHaveLength(28);
    expect(fixture.fake.fileMessages.at(-1)).toMatchObject({ channel: "D0KIM", files: [upload.id] });
  });

  it("sends the HTML report when asked for it, and the latest period most indicators report when none is given", async () => {
    const start = fixture.fake.calls.length;
    const acknowledged = await ask("report Commissioning Group html", "U0KIM", "report2");
    expect(acknowledged.text).toBe("Building the Q1 2016/17 report for Commissioning Group…");
    await fixture.fake.waitFor((c) => c.path === "/response/report2", 60_000);
    const completed = uploadsSince(start).find((c) => c.path === "/api/files.completeUploadExternal")!;
    const upload = fixture.fake.uploads().find((u) => u.id === (completed.body.files as { id: string }[])[0]!.id)!;
    expect(upload.filename).toBe("barnet-commissioning-group-q1-2016-17.html");
    const html = upload.bytes!.toString("utf8");
    expect(html).toMatch(/^<!DOCTYPE html>[\s\S]*<\/html>\n$/);
    expect(html.match(/<img class="chart" /g)).toHaveLength(28);
  });

  it("tells a viewer the report is for officers and admins, and uploads nothing", async () => {
    const start = fixture.fake.calls.length;
    const refused = await ask("report Q1 2016/17", "U0VAL", "report3");
    expect(JSON.stringify(refused)).toContain("The committee report is for performance officers and admins of London Borough of Barnet.");
    expect(JSON.stringify(refused)).not.toContain("Building");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(uploadsSince(start)).toEqual([]);
  });

  it("says what is wrong with a period or a service before saying anything is being built, and uploads nothing", async () => {
    const start = fixture.fake.calls.length;
    const badPeriod = await ask("report Q5 2016/17", "U0KIM", "report4");
    expect(JSON.stringify(badPeriod)).toContain("“Q5” is not a period");
    const badService = await ask("report parks Q1 2016/17", "U0KIM", "report5");
    expect(JSON.stringify(badService)).toMatch(/“parks” is not a service of London Borough of Barnet: the services are /);
    expect(JSON.stringify(badService)).not.toContain("Building");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fixture.fake.calls.slice(start).filter((c) => c.path.startsWith("/response/report"))).toEqual([]);
    expect(uploadsSince(start)).toEqual([]);
  });

  it("reads the period and the format wherever they are, and names the one word it does not understand", async () => {
    const unknown = await ask("report adults Q1 2016/17 html pdf", "U0KIM", "report6");
    expect(JSON.stringify(unknown)).toContain("“pdf” is not understood here: it is no service of London Borough of Barnet, period or format (html or word).");
    expect(JSON.stringify(unknown)).not.toContain("is not a period");
    expect(JSON.stringify(unknown)).not.toContain("Building");
    const anywhere = await ask("report html Q1 2016/17 Commissioning Group", "U0KIM", "report7");
    expect(anywhere.text).toBe("Building the Q1 2016/17 report for Commissioning Group…");
    const told = await fixture.fake.waitFor((c) => c.path === "/response/report7", 60_000);
    expect(JSON.stringify(told.body)).toContain("The Q1 2016/17 report is in your direct messages with the bot.");
    expect(fixture.fake.uploads().at(-1)?.filename).toBe("barnet-commissioning-group-q1-2016-17.html");
  });

  it("refuses another council's report from a workspace that does not see it without first saying it is being built", async () => {
    const start = fixture.fake.calls.length;
    const refused = await ask("report barnet", "U0SAM", "report8", SUTTON);
    expect(JSON.stringify(refused)).not.toContain("Building");
    expect(JSON.stringify(refused)).toContain("“barnet” is not a service of London Borough of Sutton");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fixture.fake.calls.slice(start).filter((c) => c.path === "/response/report8")).toEqual([]);
    expect(uploadsSince(start)).toEqual([]);
  });

  it("refuses a report request over 1,000 characters as any question that long, building nothing", async () => {
    const start = fixture.fake.calls.length;
    const refused = await ask(`report Commissioning Group Q1 2016/17 ${"x".repeat(1000)}`, "U0KIM", "report9");
    expect(JSON.stringify(refused)).toContain("longer than 1000 characters");
    expect(JSON.stringify(refused)).not.toContain("Building");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(uploadsSince(start)).toEqual([]);
  });
});

describe("Slack: /kpi report when the service stops while it is being built", () => {
  let fixture: PlatformFixture;
  beforeAll(async () => {
    fixture = await startPlatform({
      provider: "sqlite",
      platform: "slack",
      workspaces: { barnet: WORKSPACE },
      people: [{ email: KIM, name: "Kim Officer", organisation: "barnet", role: "officer", slackUserId: "U0KIM" }],
      service: { jobs: false, shutdownGraceMs: 500 },
    });
  }, 240_000);
  afterAll(() => fixture?.stop());

  it("tells the asker through the command's response_url that their report was interrupted, once the grace period is over", async () => {
    // The report is built, and its upload held by Slack past the grace period.
    const held = fixture.fake.holdNext("files.getUploadURLExternal");
    const body = slashCommandBody("report Commissioning Group Q1 2016/17", fixture.fake.responseUrl("cut-short"), "U0KIM", WORKSPACE);
    expect(await (await fixture.post(body)).json()).toMatchObject({ text: "Building the Q1 2016/17 report for Commissioning Group…" });
    await held.arrived;
    const stopping = fixture.service.stop();
    const told = await fixture.fake.waitFor((c) => c.path === "/response/cut-short", 10_000);
    expect(told.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(told.body.text).toBe("The Q1 2016/17 report was interrupted: the service was restarting before it was ready. Please ask again with `/kpi report` in a minute.");
    await stopping;
    held.release();
    // Nothing more is said to them once they were told.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fixture.fake.calls.filter((c) => c.path === "/response/cut-short")).toHaveLength(1);
  });
});
