// Three service instances on one PostgreSQL, as a shared deployment runs them: a key action updated
// through one instance's Slack form is on the card every instance answers within 5 seconds (each reads
// the change log, not everything), and a digest slot is posted once whatever the number of instances.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/config.ts";
import { DEFAULT_LEVELS } from "../src/core/subscriptions.ts";
import { startService, type Service } from "../src/service.ts";
import { prismaSubscriptions } from "../src/store/subscriptions.ts";
import type { Json } from "./helpers/block-kit.ts";
import { eventually } from "./helpers/eventually.ts";
import { buttonBody, slackSignature, slashCommandBody, viewSubmissionBody } from "./helpers/fake-slack.ts";
import { memoryLog } from "./helpers/log.ts";
import { SLACK_SECRET, startPlatform, type PlatformFixture } from "./helpers/platform-fixture.ts";
import { filled } from "./helpers/slack-modal.ts";

const TEAM = "T0BARNET";
const SUTTON_TEAM = "T0SUTTON";
const CHANNEL = "C0THREE";
/** Monday 7 December 2026, 09:00:30 GMT: the subscription's slot has just come. */
const DUE = new Date("2026-12-07T09:00:30Z");
const NOTE = "Colindale phase 2 slipped by a quarter, said through instance A.";

describe.skipIf(!process.env.TEST_DATABASE_URL)("three instances on one PostgreSQL", () => {
  let fixture: PlatformFixture;
  const others: Service[] = [];
  const logs: ReturnType<typeof memoryLog>[] = [];
  beforeAll(async () => {
    fixture = await startPlatform({
      provider: "postgresql",
      platform: "slack",
      workspaces: { barnet: TEAM, sutton: SUTTON_TEAM },
      people: [{ email: "priya.shah@example.org", slackUserId: "U0PRIYA" }],
      prepare: async (db) => {
        const saved = await prismaSubscriptions(db).save({ channel: { platform: "slack", id: CHANNEL }, organisation: "London Borough of Barnet", schedule: { day: 1, time: "09:00" }, levels: DEFAULT_LEVELS, serviceId: null, alerts: false, createdBy: null });
        await db.subscription.update({ where: { id: saved.id }, data: { createdAt: new Date("2026-12-01T00:00:00Z") } });
      },
      service: { clock: () => DUE },
    });
    for (let i = 0; i < 2; i++) {
      logs.push(memoryLog());
      others.push(await startService(loadConfig(fixture.env), { logger: logs[i]!.logger, clock: () => DUE }));
    }
  }, 240_000);
  afterAll(async () => {
    for (const service of others) await service.stop();
    await fixture?.stop();
  });

  const instances = () => [fixture.service, ...others];
  /** `/kpi <text>` as Slack sends it, signed, to one instance: its answer's blocks as text. */
  const ask = async (service: Service, text: string, team = TEAM) => {
    const body = slashCommandBody(text, fixture.fake.responseUrl(`ask-${service.port}`), "U0PRIYA", team);
    const res = await fetch(`http://127.0.0.1:${service.port}/slack/events`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...slackSignature(SLACK_SECRET, body) }, body });
    expect(res.status).toBe(200);
    return JSON.stringify(((await res.json()) as Json).blocks);
  };

  it("answers each linked workspace from any instance, with its own council's figures only", async () => {
    for (const service of instances()) {
      const barnet = await ask(service, "summary");
      const sutton = await ask(service, "summary", SUTTON_TEAM);
      expect(barnet).toContain("London Borough of Barnet");
      expect(barnet).not.toContain("London Borough of Sutton");
      expect(sutton).toContain("London Borough of Sutton");
      expect(sutton).not.toContain("London Borough of Barnet");
    }
  }, 60_000);

  it("shows an update written through one instance on the card every instance answers, within 5 seconds", async () => {
    for (const service of instances()) expect(await ask(service, "CG01")).not.toContain(NOTE);
    await fixture.post(buttonBody("kpi_update", "CG01", fixture.fake.responseUrl("press"), "U0PRIYA", TEAM, "trigger-three"));
    const form = (await fixture.fake.waitFor((c) => c.path.startsWith("/api/views.open") && c.body.trigger_id === "trigger-three")).body.view as Json;
    const answer = (await (await fixture.post(viewSubmissionBody(filled(form, { RAG: "Amber", "Latest note": NOTE }), "U0PRIYA", TEAM))).json()) as Json;
    expect(JSON.stringify(answer.view)).toContain("Update recorded");
    const written = Date.now();
    // The writing instance shows it at once; the others at their next read of the change log.
    expect(await ask(fixture.service, "CG01")).toContain(NOTE);
    const seenAfter = await Promise.all(
      others.map(async (service) => {
        while (!(await ask(service, "CG01")).includes(NOTE)) {
          if (Date.now() - written > 10_000) throw new Error("not seen within 10 s");
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return Date.now() - written;
      }),
    );
    for (const ms of seenAfter) expect(ms).toBeLessThan(5_000);
    // Each read the one action (and its parent) again, not everything.
    for (const log of logs) {
      const changed = log.entries().filter((e) => typeof e.msg === "string" && e.msg.startsWith("the data changed"));
      expect(changed.map((e) => e.msg)).toEqual(["the data changed: read model updated"]);
    }
  }, 60_000);

  it("posts the slot's digest once, however many instances tick", async () => {
    await Promise.all(instances().map((service) => service.scheduler!.tick()));
    const digests = () => fixture.fake.calls.filter((c) => c.status === 200 && ((c.path.startsWith("/api/files.completeUploadExternal") && c.body.channel_id === CHANNEL) || (c.path.startsWith("/api/chat.postMessage") && c.body.channel === CHANNEL))).length;
    await eventually(async () => digests(), (n) => n >= 1);
    await Promise.all(instances().map((service) => service.scheduler!.tick()));
    expect(digests()).toBe(1);
  }, 60_000);
});
