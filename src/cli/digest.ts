// kpi subscribe | unsubscribe | subscriptions | digest preview | digest run --now [--retry] | alerts run --now [--retry].
// The command line is the server's operator: no role is checked. Runs claim their slots as the
// scheduler does, so a run the scheduler (or another run) already made posts nothing.
import { prismaComparing } from "../store/comparison.ts";
import { DIGEST_USAGE } from "./usage.ts";
import { parseChannel, type Channel } from "../core/channels.ts";
import type { Catalogue } from "../core/ports.ts";
import { DEFAULT_SCHEDULE, parseSchedule } from "../core/schedule.ts";
import { DEFAULT_LEVELS } from "../core/subscriptions.ts";
import { buildDigest } from "../core/use-cases/build-digest.ts";
import { checkAlerts } from "../core/use-cases/check-alerts.ts";
import { runDueDigests } from "../core/use-cases/run-digests.ts";
import { describeSubscription, listSubscriptions, readSubscription, serviceNamed } from "../core/use-cases/subscribe.ts";
import type { Config } from "../config/config.ts";
import { platformOutbox } from "../jobs/outbox.ts";
import { chartPictures } from "../charts/pictures.ts";
import type { Logger } from "../logger.ts";
import { renderText } from "../platforms/console/render-text.ts";
import { prismaCatalogue } from "../store/catalogue.ts";
import type { Db } from "../store/database.ts";
import { findOrganisation } from "../store/organisations.ts";
import { prismaClaims, prismaRatingsSeen, prismaSubscriptions } from "../store/subscriptions.ts";

export class CommandError extends Error {}

type Values = Record<string, unknown>;
const str = (values: Values, key: string) => (typeof values[key] === "string" ? (values[key] as string) : undefined);

function channelOf(values: Values): Channel {
  const text = str(values, "channel");
  const channel = text ? parseChannel(text) : null;
  if (!channel) throw new CommandError(`Say which channel: --channel slack:C0123ABCD (a Slack channel id) or --channel teams:<conversation id>${text ? `; “${text}” is neither` : ""}.`);
  return channel;
}

/** The organisation, levels and service a command line asks for; the defaults where it does not say. */
async function filters(db: Db, catalogue: Catalogue, values: Values, organisationRequired: boolean) {
  const given = str(values, "organisation");
  if (!given && organisationRequired) throw new CommandError("Say which organisation: --organisation barnet.");
  const organisation = given ? (await findOrganisation(db, given)).name : null;
  const levelsText = str(values, "levels");
  const read = readSubscription(levelsText ? levelsText.replace(/,/g, " ") : "");
  if (!read.ok || read.wish.words.length) throw new CommandError(`--levels takes red, amber and green, separated by commas${levelsText ? `; “${levelsText}” is not that` : ""}.`);
  const serviceText = str(values, "service");
  let service: { id: number; name: string } | null = null;
  if (serviceText) {
    if (!organisation) throw new CommandError("--service needs --organisation.");
    const found = serviceNamed(await catalogue.services(), organisation, serviceText.toLowerCase().split(/\s+/).filter(Boolean));
    if (!found.ok) throw new CommandError(found.message);
    service = found.service;
  }
  return { organisation, levels: levelsText ? read.wish.levels : DEFAULT_LEVELS, service };
}

export async function runDigestCommand(config: Config, db: Db, logger: Logger, command: string, args: string[], values: Values, out: (s: string) => void): Promise<number> {
  const catalogue = prismaCatalogue(db);
  const subscriptions = prismaSubscriptions(db);
  const now = new Date();

  if (command === "subscriptions") {
    out(renderText(await listSubscriptions(catalogue, subscriptions, null, now)));
    return 0;
  }
  if (command === "unsubscribe") {
    const channel = channelOf(values);
    out((await subscriptions.remove(channel)) ? `Unsubscribed ${values.channel}.` : `${values.channel} had no subscription.`);
    return 0;
  }
  if (command === "subscribe") {
    const channel = channelOf(values);
    const { organisation, levels, service } = await filters(db, catalogue, values, true);
    const scheduleText = str(values, "schedule");
    const schedule = scheduleText ? parseSchedule(scheduleText) : { ok: true as const, schedule: DEFAULT_SCHEDULE };
    if (!schedule.ok) throw new CommandError(`--schedule: ${schedule.message}`);
    const alerts = str(values, "alerts");
    if (alerts !== undefined && !/^(on|off)$/i.test(alerts)) throw new CommandError("--alerts takes on or off.");
    const saved = await subscriptions.save({ channel, organisation: organisation!, schedule: schedule.schedule, levels, serviceId: service?.id ?? null, alerts: alerts?.toLowerCase() !== "off", createdBy: "kpi command" });
    out(`Subscribed ${values.channel} to ${saved.organisation}'s digest: ${describeSubscription(saved)}.`);
    return 0;
  }
  if (command === "digest" && args[0] === "preview") {
    const { organisation, levels, service } = await filters(db, catalogue, values, false);
    const organisations = organisation ? [organisation] : (await catalogue.organisations()).map((o) => o.name);
    for (const name of organisations) {
      const { view } = await buildDigest(catalogue, { organisation: name, levels, service, lastDigest: null, today: now, comparing: prismaComparing(db) });
      out(values.json ? JSON.stringify(view, null, 2) : renderText(view));
    }
    return 0;
  }
  const job = { catalogue, comparing: prismaComparing(db), subscriptions, claims: prismaClaims(db, "kpi command"), outbox: platformOutbox(config, db, logger, chartPictures(catalogue)), log: logger };
  if (command === "digest" && args[0] === "run" && values.now === true) {
    const runs = await runDueDigests({ ...job, catchUpMs: config.DIGEST_CATCH_UP_HOURS * 3_600_000 }, now, { now: true, retry: values.retry === true, ...(values.channel ? { channel: channelOf(values) } : {}) });
    if (!runs.length) out(values.channel ? `${values.channel} has no subscription.` : "No channel is subscribed.");
    for (const run of runs) out(`${run.channel} ${run.slot}: ${run.outcome}${run.detail ? ` (${run.detail})` : ""}`);
    return runs.some((r) => r.outcome === "failed" || r.outcome === "unknown") ? 1 : 0;
  }
  if (command === "alerts" && args[0] === "run" && values.now === true) {
    const check = await checkAlerts({ ...job, catchUpMs: config.DIGEST_CATCH_UP_HOURS * 3_600_000, ratingsSeen: prismaRatingsSeen(db) }, now, { retry: values.retry === true });
    out(
      check.ran
        ? `Alert check ${check.slot}: ${check.indicators} indicators rated, ${check.changes.length} turned red or dropped a level${check.changes.length ? ` (${check.changes.join("; ")})` : ""}; ${check.posted} alerts posted, ${check.failed} not.`
        : `No alert check for ${check.slot}: ${check.skipped}; nothing posted.`,
    );
    return 0;
  }
  out(`Usage:\n${DIGEST_USAGE}`);
  return 1;
}
