// The alert check on a read model that follows the change log: the first check after start rates
// every indicator; later ones rate only the indicators changed since, and still find the one that
// turned Red (posted through a local Slack), on real databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { checkAlerts, type AlertJob } from "../../src/core/use-cases/check-alerts.ts";
import { platformOutbox } from "../../src/jobs/outbox.ts";
import { cachedCatalogue, changesSinceLastRun, type CachedCatalogue } from "../../src/store/cached-catalogue.ts";
import { prismaCatalogue, prismaChangeSource } from "../../src/store/catalogue.ts";
import { readDataVersion, recordChanges } from "../../src/store/data-version.ts";
import { prismaClaims, prismaRatingsSeen, prismaSubscriptions } from "../../src/store/subscriptions.ts";
import { demoDatabase, providers } from "../helpers/databases.ts";
import { startFakeSlack, type FakeSlack } from "../helpers/fake-slack.ts";
import { memoryLog } from "../helpers/log.ts";

const BARNET = "London Borough of Barnet";
const TOKEN = "xoxb-test-bot-token-0123456789";
const BASELINE = new Date("2027-02-01T10:00:00Z");
const minutesAfter = (minutes: number) => new Date(BASELINE.getTime() + minutes * 60_000);

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => {
  await slack?.close();
});

describe.each(providers)("the alert check on the change log, on %s", (provider) => {
  const database = demoDatabase(provider);
  const channel = `C0ALCHG${provider[0]!.toUpperCase()}`;
  let catalogue: CachedCatalogue;
  afterAll(() => catalogue?.close());

  it("rates every indicator at its first check, then only those changed since, and alerts on the one that turned Red", async () => {
    const db = database().db;
    // Polled rarely: the check catches up itself (readFresh), as the service's does.
    catalogue = cachedCatalogue(prismaCatalogue(db), { version: () => readDataVersion(db), changes: prismaChangeSource(db), pollMs: 60_000 });
    const config = loadConfig({ DATABASE_URL: database.url(), SLACK_SIGNING_SECRET: "test-signing-secret-0123456789", SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.apiUrl });
    const log = memoryLog().logger;
    const job: AlertJob = {
      catalogue,
      subscriptions: prismaSubscriptions(db),
      claims: prismaClaims(db, "a"),
      ratingsSeen: prismaRatingsSeen(db),
      outbox: platformOutbox(config, db, log),
      log,
      catchUpMs: 6 * 3_600_000,
      readFresh: () => catalogue.catchUp(),
      changed: changesSinceLastRun(catalogue),
    };
    await prismaSubscriptions(db).save({ channel: { platform: "slack", id: channel }, organisation: BARNET, schedule: { day: 1, time: "09:00" }, levels: ["Red"], serviceId: null, alerts: true, createdBy: null });

    const first = await checkAlerts(job, BASELINE);
    // Only the council a channel hears alerts of is read.
    expect(catalogue.held()).toEqual([(await db.organisation.findFirstOrThrow({ where: { name: BARNET } })).id]);
    const rated = (await catalogue.indicators({})).filter((i) => i.results.length).length;
    expect(first).toMatchObject({ ran: true, posted: 0 });
    expect(first.indicators).toBeGreaterThan(10);
    expect(first.indicators).toBeLessThanOrEqual(rated);

    // Nothing changed: nothing to rate.
    expect(await checkAlerts(job, minutesAfter(15))).toMatchObject({ ran: true, indicators: 0, changes: [] });

    // AC/S3's latest result falls, written with its change logged, as every writer does.
    const indicator = await db.indicator.findFirstOrThrow({ where: { ref: "AC/S3" }, include: { results: { include: { period: true } } } });
    const latest = indicator.results.sort((a, b) => b.period.endDate.getTime() - a.period.endDate.getTime())[0]!;
    await db.$transaction(async (tx) => {
      await tx.result.update({ where: { id: latest.id }, data: { value: 40, text: "40.0%" } });
      await recordChanges(tx, [{ kind: "indicator", organisationId: indicator.organisationId, subjectId: indicator.id }]);
    });
    const changed = await checkAlerts(job, minutesAfter(30));
    expect(changed).toMatchObject({ ran: true, indicators: 1, posted: 1 });
    expect(changed.changes).toEqual([expect.stringMatching(/^AC\/S3 \w[\w ]* -> Red$/)]);
    expect(slack.calls.filter((c) => c.path.startsWith("/api/chat.postMessage") && c.body.channel === channel)).toHaveLength(1);

    // Told once: the next check has nothing new to rate.
    expect(await checkAlerts(job, minutesAfter(45))).toMatchObject({ ran: true, indicators: 0, posted: 0 });
  }, 60_000);
});
