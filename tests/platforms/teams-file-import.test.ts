// A table attached in a Teams personal chat, through /api/messages with a local serviceUrl (the stand-in Bot
// Connector) and a local server for the file's download link: an officer gets a card checking it with Import
// and Cancel; Import fetches the link again and imports it, audited as an import of the file; a viewer is
// refused without the file being fetched, an expired link and a damaged file are said plainly, and a file
// sent anywhere but a personal chat is turned away.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdaptiveCard } from "../../src/platforms/teams/cards.ts";
import { FILE_DOWNLOAD_INFO } from "../../src/platforms/teams/file-import.ts";
import type { Service } from "../../src/service.ts";
import { problems } from "../helpers/adaptive-cards.ts";
import { providers } from "../helpers/databases.ts";
import type { FakeSlack as Recorder, Recorded } from "../helpers/fake-slack.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";

const BARNET = "11111111-1111-4111-8111-111111111111";
const KIM = "aaaaaaaa-0000-4000-8000-000000000004";
const VIEWER = "aaaaaaaa-0000-4000-8000-000000000002";
const SAM = "aaaaaaaa-0000-4000-8000-000000000005";
const KIM_EMAIL = "kim.officer@example.org";

const NEW_TABLE = [
  "Ref,Indicator description,Polarity,Service,Q3 2016/17 Target,Q3 2016/17 Result",
  "AC/T1,Adults supported at home through the winter,Bigger is Better,Adults & Communities,80%,82%",
  "AC/T2,Days to complete an assessment,Smaller is Better,Adults & Communities,28 days,31 days",
].join("\n");

const cardOf = (call: Recorded) => (call.body.attachments as { content: AdaptiveCard }[] | undefined)?.[0]?.content;
const actionsOf = (card: AdaptiveCard | undefined) => (card?.actions ?? []) as { title: string; data: Record<string, unknown> }[];

describe.each(providers)("Teams: a table attached in a personal chat (%s)", (provider) => {
  let fixture: PlatformFixture;
  let connector: Recorder;
  let service: Service;
  let files: Server;
  let filesUrl = "";
  /** What the download links serve, by path; and every path asked for. */
  const served = new Map<string, Buffer>();
  const fetched: string[] = [];

  beforeAll(async () => {
    // OneDrive's pre-authorised links, standing in: a file while it is there, 403 once the link has expired.
    files = createServer((req, res) => {
      fetched.push(req.url ?? "");
      const bytes = served.get(req.url ?? "");
      if (!bytes) return void res.writeHead(403).end();
      res.writeHead(200, { "content-type": "application/octet-stream" }).end(bytes);
    });
    await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
    const address = files.address();
    filesUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    fixture = await startPlatform({
      provider,
      platform: "teams",
      workspaces: { barnet: BARNET },
      people: [
        { email: KIM_EMAIL, name: "Kim Officer", organisation: "barnet", role: "officer", teamsUserId: KIM },
        { email: "val.viewer@example.org", name: "Val Viewer", organisation: "barnet", role: "viewer", teamsUserId: VIEWER },
        { email: "sam.officer@example.org", name: "Sam Officer", organisation: "barnet", role: "officer", teamsUserId: SAM },
      ],
      service: { jobs: false },
    });
    ({ fake: connector, service } = fixture);
  }, 240_000);
  afterAll(async () => {
    await fixture?.stop();
    await new Promise((resolve) => files?.close(resolve));
  });

  const post = async (user: string, extra: Record<string, unknown>, conversation = `a:chat-${user}`) => {
    const { id, body } = fixture.activity({ user, tenant: BARNET, conversation }, extra);
    const res = await fixture.post(body);
    expect(res.status).toBeLessThan(300);
    return id;
  };
  /** A file attached in a chat, as Teams sends it; resolves with the bot's reply. */
  const send = async (name: string, bytes: Buffer | string, user = KIM, conversation?: string) => {
    served.set(`/files/${name}`, Buffer.from(bytes));
    const downloadUrl = `${filesUrl}/files/${name}`;
    const id = await post(user, { text: "", attachments: [{ contentType: FILE_DOWNLOAD_INFO, contentUrl: `https://contoso.sharepoint.com/personal/kim/Documents/${name}`, name, content: { downloadUrl, uniqueId: `u-${name}`, fileType: name.split(".").pop() } }] }, conversation);
    // The reply, not the typing indicator teams-ai sends while a file is read.
    return await connector.waitFor((c) => c.path.endsWith(`/activities/${id}`) && c.body.type === "message");
  };
  /** Import or Cancel pressed on the card, as Teams sends an Action.Submit: the card's data as the value, replying to the card; resolves with the updated card. */
  const press = async (data: Record<string, unknown>, card: string, user = KIM) => {
    await post(user, { value: data, replyToId: card });
    return cardOf(await connector.waitFor((c) => c.path.endsWith(`/activities/${card}`)));
  };
  const indicator = (ref: string) => service.database.db.indicator.findFirst({ where: { ref, organisation: { slug: "barnet" } } });

  it("checks an officer's table in a card with Import; Import fetches the link again and imports it, audited as an import of the file by them", async () => {
    const card = cardOf(await send("new-kpis.csv", NEW_TABLE));
    expect(problems(card!)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).toContain("Checked: new-kpis.csv");
    expect(text).toContain("Would import: 2 new, 0 updated, 0 unchanged.");
    expect(await indicator("AC/T1")).toBeNull();
    const [importButton, cancel] = actionsOf(card);
    expect(importButton).toMatchObject({ title: "Import", data: { verb: "kpi_import_confirm", name: "new-kpis.csv" } });
    expect(importButton!.data.file).toMatch(new RegExp(`^[\\w-]{43} ${filesUrl}/files/new-kpis.csv$`));
    expect(cancel).toMatchObject({ title: "Cancel", data: { verb: "kpi_import_cancel" } });

    const done = await press(importButton!.data, "card-import");
    expect(problems(done!)).toEqual([]);
    expect(JSON.stringify(done)).toContain("Imported: 2 new, 0 updated, 0 unchanged.");
    expect(actionsOf(done)).toEqual([]);
    expect(fetched.filter((p) => p === "/files/new-kpis.csv")).toHaveLength(2);
    expect(await indicator("AC/T2")).toMatchObject({ title: "Days to complete an assessment", polarityText: "Smaller is Better" });
    const audit = await service.database.db.auditEntry.findMany({ where: { subject: { in: ["AC/T1", "AC/T2"] } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.by, a.via])).toEqual([
      ["created by the import of new-kpis.csv", KIM_EMAIL, "teams"],
      ["created by the import of new-kpis.csv", KIM_EMAIL, "teams"],
    ]);
  });

  it("fetches on Import only the link the bot signed for the sender: a changed link or another person's press is out of date", async () => {
    const card = cardOf(await send("signed.csv", NEW_TABLE.replace(/AC\/T/g, "AC/S")));
    const [importButton] = actionsOf(card);
    const data = importButton!.data as { verb: string; file: string; name: string };
    served.set("/files/other.csv", Buffer.from(NEW_TABLE.replace(/AC\/T/g, "AC/O")));
    const stale = async (value: Record<string, unknown>, user: string) => {
      const id = await post(user, { value, replyToId: "card-signed" });
      return (await connector.waitFor((c) => c.path.endsWith(`/activities/${id}`) && c.body.type === "message")).body.text;
    };
    expect(await stale({ ...data, file: data.file.replace("/files/signed.csv", "/files/other.csv") }, KIM)).toContain("out of date");
    expect(await stale(data, SAM)).toContain("out of date");
    expect(fetched.filter((p) => p === "/files/other.csv")).toEqual([]);
    expect(fetched.filter((p) => p === "/files/signed.csv")).toHaveLength(1);
    expect(await indicator("AC/S1")).toBeNull();
  });

  it("says plainly that a link expired before Import was pressed, and writes nothing", async () => {
    const card = cardOf(await send("later.csv", NEW_TABLE.replace(/AC\/T/g, "AC/L")));
    served.delete("/files/later.csv");
    const [importButton] = actionsOf(card);
    const said = JSON.stringify(await press(importButton!.data, "card-expired"));
    expect(said).toContain("Not imported: later.csv");
    expect(said).toContain("has expired or been withdrawn. Send the file again");
    expect(await indicator("AC/L1")).toBeNull();
  });

  it("refuses a viewer without fetching the file; Cancel writes nothing", async () => {
    const card = cardOf(await send("val.csv", NEW_TABLE.replace(/AC\/T/g, "AC/V"), VIEWER));
    expect(JSON.stringify(card)).toContain("Importing indicators needs the officer role in London Borough of Barnet; you are a viewer there.");
    expect(actionsOf(card)).toEqual([]);
    expect(fetched).not.toContain("/files/val.csv");
    expect(JSON.stringify(await press({ verb: "kpi_import_cancel", name: "val.csv" }, "card-cancel", VIEWER))).toContain("Cancelled: nothing was written.");
    expect(await indicator("AC/V1")).toBeNull();
  });

  it("says what is wrong with random bytes named .xlsx, with no Import and no stack trace", async () => {
    const card = cardOf(await send("noise.xlsx", Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251))));
    expect(problems(card!)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).toContain("noise.xlsx is not an Excel workbook (.xlsx)");
    expect(text).not.toMatch(/\bat \S+ \(|Error:/);
    expect(actionsOf(card)).toEqual([]);
  });

  it("turns away a file sent anywhere but a personal chat, without fetching it", async () => {
    const reply = await send("channel.csv", NEW_TABLE, KIM, "19:general@thread.tacv2");
    expect(reply.body.text).toContain("personal chat with the bot");
    expect(fetched).not.toContain("/files/channel.csv");
  });
});
