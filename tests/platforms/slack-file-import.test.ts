// A table sent to the bot in a Slack direct message, through the real HTTP receiver with signed requests
// and the fake Web API (files.info, the file's download link, chat.postMessage, response_url): an officer
// gets a check of what importing it would do with Import and Cancel; Import fetches the file again by its id
// and imports it, audited as an import of the file; a viewer, a damaged, empty or header-only file and a
// table with a wrong row are told plainly, and nothing is written.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS } from "../../src/platforms/slack/blocks.ts";
import { mayHaveBotToken } from "../../src/platforms/slack/file-import.ts";
import type { Service } from "../../src/service.ts";
import { breaches, type Json } from "../helpers/block-kit.ts";
import { providers } from "../helpers/databases.ts";
import { buttonBody, slashCommandBody, type FakeFile, type FakeSlack, type Recorded } from "../helpers/fake-slack.ts";
import { memoryLog } from "../helpers/log.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { writeBombWorkbook } from "../helpers/zip-bomb.ts";

const BARNET = "T0BARNET";
const KIM = "kim.officer@example.org";

const NEW_TABLE = [
  "Ref,Indicator description,Polarity,Service,Q3 2016/17 Target,Q3 2016/17 Result",
  "AC/T1,Adults supported at home through the winter,Bigger is Better,Adults & Communities,80%,82%",
  "AC/T2,Days to complete an assessment,Smaller is Better,Adults & Communities,28 days,31 days",
].join("\n");

/** A file shared in a conversation, as Slack sends the file_shared event. */
const fileShared = (file: string, user: string, channel: string) =>
  JSON.stringify({
    token: "legacy-verification-token",
    team_id: BARNET,
    api_app_id: "A1",
    type: "event_callback",
    event_id: `Ev-${file}-${user}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: "file_shared", channel_id: channel, file_id: file, user_id: user, file: { id: file }, event_ts: "1.1" },
    authorizations: [{ enterprise_id: null, team_id: BARNET, user_id: "UBOT", is_bot: true, is_enterprise_install: false }],
  });

describe.each(providers)("Slack: a table sent in a direct message (%s)", (provider) => {
  let fixture: PlatformFixture;
  let slack: FakeSlack;
  let service: Service;
  const log = memoryLog();

  beforeAll(async () => {
    fixture = await startPlatform({
      provider,
      platform: "slack",
      workspaces: { barnet: BARNET },
      people: [
        { email: KIM, name: "Kim Officer", organisation: "barnet", role: "officer", slackUserId: "U0KIM" },
        { email: "val.viewer@example.org", name: "Val Viewer", organisation: "barnet", role: "viewer", slackUserId: "U0VAL" },
        { email: "sam.officer@example.org", name: "Sam Officer", organisation: "barnet", role: "officer", slackUserId: "U0SAM" },
      ],
      service: { logger: log.logger, jobs: false },
    });
    ({ fake: slack, service } = fixture);
  }, 240_000);
  afterAll(() => fixture?.stop());

  const post = (body: string, type?: string) => fixture.post(body, type);
  /** Shares a file in a conversation and returns what the bot posted there. */
  const share = async (id: string, name: string, bytes: Buffer | string, user = "U0KIM", file: Partial<FakeFile> = {}) => {
    slack.addFile({ id, name, bytes: Buffer.from(bytes), user, ...file });
    expect((await post(fileShared(id, user, `D${user.slice(1)}`), "application/json")).status).toBe(200);
    const posted = await slack.waitFor((c) => c.path.startsWith("/api/chat.postMessage") && c.body.channel === `D${user.slice(1)}` && JSON.stringify(c.body).includes(name));
    expect(breaches(posted.body.blocks as Json[], LIMITS.messageBlocks)).toEqual([]);
    return posted;
  };
  const buttonsOf = (call: Recorded) => (call.body.blocks as Json[]).filter((b) => b.type === "actions").flatMap((b) => b.elements as Json[]);
  const downloadsOf = (id: string) => slack.calls.filter((c) => c.path.startsWith(`/files-pri/T1-${id}/`));
  /** Presses a button on the bot's message and returns the last answer through response_url. */
  const press = async (action: string, value: string, user: string, name: string) => {
    expect((await post(buttonBody(action, value, slack.responseUrl(name), user, BARNET))).status).toBe(200);
    return await slack.waitFor((c) => c.path === `/response/${name}` && !JSON.stringify(c.body).includes("can take a minute"));
  };
  const indicator = (ref: string) => service.database.db.indicator.findFirst({ where: { ref, organisation: { slug: "barnet" } } });

  it("checks an officer's table and offers Import; Import fetches it again and imports it, audited as an import of the file by them", async () => {
    const posted = await share("F0NEW", "new-kpis.csv", NEW_TABLE);
    const text = JSON.stringify(posted.body.blocks);
    expect(text).toContain("Checked: new-kpis.csv");
    expect(text).toContain("Would import: 2 new, 0 updated, 0 unchanged.");
    expect(text).toContain("New: AC/T1, AC/T2");
    expect(downloadsOf("F0NEW").map((c) => c.body.authorized)).toEqual([true]);
    expect(await indicator("AC/T1")).toBeNull();
    const [importButton, cancel] = buttonsOf(posted);
    expect(importButton).toMatchObject({ action_id: "kpi_import_confirm", style: "primary" });
    expect(JSON.parse(importButton!.value as string)).toEqual({ file: "F0NEW", name: "new-kpis.csv" });
    expect(cancel).toMatchObject({ action_id: "kpi_import_cancel" });

    const done = await press("kpi_import_confirm", importButton!.value as string, "U0KIM", "import-new");
    expect(done.body.replace_original).toBe(true);
    expect(JSON.stringify(done.body.blocks)).toContain("Imported: 2 new, 0 updated, 0 unchanged.");
    expect((done.body.blocks as Json[]).some((b) => b.type === "actions")).toBe(false);
    // Fetched again by its id, not kept from the check.
    expect(downloadsOf("F0NEW")).toHaveLength(2);
    expect(await indicator("AC/T1")).toMatchObject({ title: "Adults supported at home through the winter", polarityText: "Bigger is Better" });
    const audit = await service.database.db.auditEntry.findMany({ where: { subject: { in: ["AC/T1", "AC/T2"] } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.subject, a.action, a.by, a.via])).toEqual([
      ["AC/T1", "created by the import of new-kpis.csv", KIM, "slack"],
      ["AC/T2", "created by the import of new-kpis.csv", KIM, "slack"],
    ]);
    // Read back at once: the next question finds it.
    expect((await service.catalogue.indicatorsByKey("act1")).map((i) => i.title)).toEqual(["Adults supported at home through the winter"]);
  });

  it("refuses a viewer before fetching the file, and a viewer's Import pressed on an officer's check", async () => {
    const posted = await share("F0VAL", "val.csv", NEW_TABLE.replace(/AC\/T/g, "AC/V"), "U0VAL");
    expect(JSON.stringify(posted.body.blocks)).toContain("Importing indicators needs the officer role in London Borough of Barnet; you are a viewer there.");
    expect(buttonsOf(posted)).toEqual([]);
    expect(downloadsOf("F0VAL")).toEqual([]);

    const pressed = await press("kpi_import_confirm", JSON.stringify({ file: "F0VAL", name: "val.csv" }), "U0VAL", "import-val");
    expect(JSON.stringify(pressed.body)).toContain("you are a viewer there");
    expect(await indicator("AC/V1")).toBeNull();
  });

  it("imports a file only for the person who shared it, whatever file id a pressed button carries", async () => {
    const posted = await share("F0MINE", "mine.csv", NEW_TABLE.replace(/AC\/T/g, "AC/M"));
    const [importButton] = buttonsOf(posted);
    const pressed = await press("kpi_import_confirm", importButton!.value as string, "U0SAM", "import-mine");
    expect(JSON.stringify(pressed.body)).toContain("mine.csv was sent by someone else: only the person who sent a table may import it.");
    expect(downloadsOf("F0MINE")).toHaveLength(1);
    expect(await indicator("AC/M1")).toBeNull();
  });

  it.each([
    ["random bytes named .xlsx", "noise.xlsx", Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251)), "noise.xlsx is not an Excel workbook (.xlsx)"],
    ["an empty file", "empty.csv", Buffer.alloc(0), "empty.csv is empty."],
    ["a header-only file", "headings.csv", Buffer.from("Ref,Indicator description,Polarity\n"), "headings.csv has a heading row (line 1) and no rows under it."],
    ["a file that is not a table", "notes.pdf", Buffer.from("%PDF-1.4"), "notes.pdf is not a table: send the indicators as a CSV file or an Excel workbook (.xlsx)."],
  ])("says plainly what is wrong with %s, with no Import and no stack trace", async (_what, name, bytes, said) => {
    const posted = await share(`F0${name.replace(/\W/g, "").toUpperCase()}`, name, bytes);
    const text = JSON.stringify(posted.body);
    expect(text).toContain(said);
    expect(text).toContain("Not imported");
    expect(text).not.toMatch(/\bat \S+ \(|Error:/);
    expect(buttonsOf(posted)).toEqual([]);
  });

  it("reports each wrong row by line, column, value and problem, and offers nothing to import", async () => {
    const bad = NEW_TABLE.replace(/AC\/T/g, "AC/W").replace("Smaller is Better", "Upwards");
    const posted = await share("F0BAD", "bad.csv", bad);
    const text = JSON.stringify(posted.body.blocks);
    expect(text).toContain("line 3, Polarity, “Upwards”: Not a polarity");
    expect(text).toContain("Nothing was checked further: correct the rows above, then send the file again.");
    expect(buttonsOf(posted)).toEqual([]);
    // Pressed anyway (an Import from an earlier check of the same file): checked again, nothing written.
    const pressed = await press("kpi_import_confirm", JSON.stringify({ file: "F0BAD", name: "bad.csv" }), "U0KIM", "import-bad");
    expect(JSON.stringify(pressed.body)).toContain("Not imported: bad.csv");
    expect(await indicator("AC/W1")).toBeNull();
  });

  it("says a file deleted since the check is gone; Cancel writes nothing; a file shared in a channel is not the bot's to import", async () => {
    await share("F0GONE", "gone.csv", NEW_TABLE.replace(/AC\/T/g, "AC/G"));
    slack.removeFile("F0GONE");
    expect(JSON.stringify((await press("kpi_import_confirm", JSON.stringify({ file: "F0GONE", name: "gone.csv" }), "U0KIM", "import-gone")).body)).toContain("gone.csv is no longer in Slack: send it again.");
    expect(JSON.stringify((await press("kpi_import_cancel", "cancel", "U0KIM", "cancel")).body)).toContain("Cancelled: nothing was written.");
    expect(await indicator("AC/G1")).toBeNull();

    slack.addFile({ id: "F0CHAN", name: "channel.csv", bytes: Buffer.from(NEW_TABLE) });
    expect((await post(fileShared("F0CHAN", "U0KIM", "C0GENERAL"), "application/json")).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slack.calls.filter((c) => c.path.startsWith("/api/files.info") && c.body.file === "F0CHAN")).toEqual([]);
  });

  it("refuses in one line a workbook that inflates to 1 GiB, leaves no temporary file, and goes on answering", async () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), "kpi-bomb-"));
    const bomb = path.join(scratch, "bomb.xlsx");
    expect(await writeBombWorkbook(bomb, { part: "shared strings", declared: "truly" })).toBeGreaterThan(1024 ** 3 - 1024 ** 2);
    // Where the download is kept while it is read: a directory of this test's own, to see it emptied.
    const temporary = mkdtempSync(path.join(os.tmpdir(), "kpi-bomb-tmp-"));
    const tmpdir = process.env.TMPDIR;
    process.env.TMPDIR = temporary;
    try {
      const posted = await share("F0BOMB", "bomb.xlsx", readFileSync(bomb));
      const text = JSON.stringify(posted.body.blocks);
      expect(text).toContain("bomb.xlsx is refused: its shared text would inflate to more than 32 MB, far more than a table of indicators needs (it may be damaged, or made to harm).");
      expect(text).not.toMatch(/\bat \S+ \(|Error:/);
      expect(buttonsOf(posted)).toEqual([]);
      expect(readdirSync(temporary)).toEqual([]);
    } finally {
      // Assigning undefined would leave the string "undefined" for every later child process.
      if (tmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmpdir;
      rmSync(temporary, { recursive: true, force: true });
      rmSync(scratch, { recursive: true, force: true });
    }
    const asked = await post(slashCommandBody("AC/S8", slack.responseUrl("after-bomb"), "U0KIM", BARNET));
    expect(asked.status).toBe(200);
    expect(JSON.stringify(await asked.json())).toContain("53.2%");
  }, 120_000);

  it("does not follow Slack's download link to another host: says so, and the other host is never asked", async () => {
    const asked: string[] = [];
    const elsewhere = createServer((req, res) => {
      asked.push(req.url ?? "");
      res.writeHead(200, { "content-type": "text/csv" }).end(NEW_TABLE);
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
    try {
      const address = elsewhere.address() as { port: number };
      const posted = await share("F0MOVED", "moved.csv", NEW_TABLE.replace(/AC\/T/g, "AC/R"), "U0KIM", { redirectTo: `http://127.0.0.1:${address.port}/stolen.csv` });
      expect(JSON.stringify(posted.body.blocks)).toContain(`moved.csv could not be fetched: Slack sent it on to 127.0.0.1:${address.port}, and the bot fetches files from Slack only.`);
      expect(downloadsOf("F0MOVED").map((c) => c.body.authorized)).toEqual([true]);
      expect(asked).toEqual([]);
      expect(buttonsOf(posted)).toEqual([]);
    } finally {
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });

  it("imports nothing when files.info names no sender: neither the check nor a pressed Import", async () => {
    const posted = await share("F0NOBODY", "nobody.csv", NEW_TABLE.replace(/AC\/T/g, "AC/N"), "U0KIM", { user: undefined });
    expect(JSON.stringify(posted.body.blocks)).toContain("nobody.csv: Slack did not say who sent it, and only the person who sent a table may import it. Send it again.");
    expect(buttonsOf(posted)).toEqual([]);
    const pressed = await press("kpi_import_confirm", JSON.stringify({ file: "F0NOBODY", name: "nobody.csv" }), "U0SAM", "import-nobody");
    expect(JSON.stringify(pressed.body)).toContain("Slack did not say who sent it");
    expect(downloadsOf("F0NOBODY")).toEqual([]);
    expect(await indicator("AC/N1")).toBeNull();
  });

  it.each([
    ["F0LOOKA", "https://files.evilslack.com/files-pri/T1-F0LOOKA/download/look-a.csv"],
    ["F0LOOKB", "https://slack.com.evil.org/files-pri/T1-F0LOOKB/download/look-b.csv"],
    ["F0LOOKC", "http://files.slack.com/files-pri/T1-F0LOOKC/download/look-c.csv"],
  ])("gives the bot token to no look-alike of Slack's file host: %s on %s is not fetched", async (id, link) => {
      const name = path.basename(link);
      const posted = await share(id, name, NEW_TABLE, "U0KIM", { link });
      expect(JSON.stringify(posted.body.blocks)).toContain(`${name} could not be fetched from Slack.`);
      expect(log.entries().some((e) => e.file === id && /no download link on Slack's own hosts/.test(String(e.msg)))).toBe(true);
  });
});

describe("which hosts a Slack file link may be given the bot token on", () => {
  it.each([
    ["https://files.slack.com/files-pri/T1-F1/download/a.csv", true],
    ["https://slack.com/files-pri/T1-F1/download/a.csv", true],
    ["https://files.evilslack.com/files-pri/T1-F1/download/a.csv", false],
    ["https://evilslack.com/a.csv", false],
    ["https://slack.com.evil.org/a.csv", false],
    ["https://files.slack.com.evil.org/a.csv", false],
    ["https://files.slack.com@evil.org/a.csv", false],
    ["https://evil.org/files.slack.com/a.csv", false],
    ["http://files.slack.com/a.csv", false],
    ["not a link", false],
  ])("%s: %s", (link, may) => {
    expect(mayHaveBotToken(link)).toBe(may);
    expect(mayHaveBotToken(link, "http://127.0.0.1:4000/api/")).toBe(may);
  });

  it("gives it to the stand-in SLACK_API_URL names, on its own origin only", () => {
    expect(mayHaveBotToken("http://127.0.0.1:4000/files-pri/T1-F1/download/a.csv", "http://127.0.0.1:4000/api/")).toBe(true);
    expect(mayHaveBotToken("http://127.0.0.1:4001/files-pri/T1-F1/download/a.csv", "http://127.0.0.1:4000/api/")).toBe(false);
  });
});
