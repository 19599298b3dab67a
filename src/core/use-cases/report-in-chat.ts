// "report [organisation] [service] [period] [html]" in Slack or Teams: the committee report for officers and
// admins, built by build-report.ts and sent to the asker by the platform. This decides what is asked for and
// whether the asker may have it, quickly (the platform acknowledges with it first); building comes after.
import { holds, type Asker } from "../access.ts";
import { mostReportedPeriod, parsePeriod, type Period } from "../periods.ts";
import type { Catalogue, ServiceRecord } from "../ports.ts";
import { MAX_QUERY_LENGTH } from "../query.ts";
import { servicesNamed } from "../services.ts";
import { searchWords } from "../text.ts";
import { notice, type Notice } from "../views.ts";
import { identify, type Identifying } from "./identify.ts";
import { notLinked } from "./not-linked.ts";
import { organisationFor } from "./organisation-for.ts";
import { serviceNamed } from "./subscribe.ts";
import { catalogueFor } from "./visible-catalogue.ts";

const REPORT = /^\s*report\b(.*)$/is;
const FORMAT_WORDS = new Map<string, ReportFormat>([
  ["html", "html"],
  ["web", "html"],
  ["word", "docx"],
  ["docx", "docx"],
]);
const HOW = "Say report [service] [period] [html or word], such as report Commissioning Group Q1 2016/17 html.";

export type ReportFormat = "docx" | "html";

/** The words after "report", or null where the text is not a report request (or is longer than any question is read). */
export function reportRequest(text: string): string[] | null {
  if (text.length > MAX_QUERY_LENGTH) return null;
  const asked = REPORT.exec(text);
  return asked ? asked[1]!.replace(/[“”"]/g, " ").split(/\s+/).filter(Boolean) : null;
}

/** What the words after "report" say, wherever each is: a format, a period, and the rest (organisation and service). */
type ReportWords = { ok: true; format: ReportFormat | null; period: Period | null; rest: string[] } | { ok: false; notice: Notice };

function readReportWords(words: string[]): ReportWords {
  const formats = new Set(words.flatMap((w) => FORMAT_WORDS.get(w.toLowerCase()) ?? []));
  if (formats.size > 1) return { ok: false, notice: notice("Which format?", `Say one format: html or word. ${HOW}`) };
  let rest = words.filter((w) => !FORMAT_WORDS.has(w.toLowerCase()));
  // The period is the longest run of words that reads as one ("Q1 2016/17", "2016/17", "Nov 2016"), wherever it is.
  let period: Period | null = null;
  for (const length of [3, 2, 1]) {
    for (let at = 0; !period && at + length <= rest.length; at++) {
      period = parsePeriod(rest.slice(at, at + length).join(" "));
      if (period) rest = [...rest.slice(0, at), ...rest.slice(at + length)];
    }
  }
  // What looks like part of a period and is not one ("Q5" of "Q5 2016/17", whose "2016/17" alone reads as the year).
  const periodLike = rest.filter((w) => /^(?:Q\d+|\d{4}(?:\/\d{2,4})?)$/i.test(w));
  if (periodLike.length) return { ok: false, notice: notice("Which period?", `“${periodLike.join(" ")}” is not a period: write it as the reports do, such as Q1 2016/17 or 2016/17. ${HOW}`) };
  return { ok: true, format: [...formats][0] ?? null, period, rest };
}

/**
 * The organisation's service the words name (its name, or words that name it alone); null for no words. Checked
 * before the asker is told the report is being built, naming the words that are neither a service nor anything else.
 */
function serviceAsked(services: ServiceRecord[], organisation: string, words: string[]): { ok: true; service: ServiceRecord | null } | { ok: false; message: string } {
  if (!words.length) return { ok: true, service: null };
  const typed = words.join(" ");
  const exact = services.find((s) => s.organisation === organisation && s.name.toLowerCase() === typed.toLowerCase());
  if (exact) return { ok: true, service: exact };
  const named = searchWords(typed).length ? serviceNamed(services, organisation, searchWords(typed)) : null;
  if (named?.ok && named.service) return { ok: true, service: named.service };
  const ours = services.filter((s) => s.organisation === organisation);
  const unknown = words.filter((w) => !searchWords(w).some((word) => servicesNamed(ours, word).length));
  if (unknown.length && unknown.length < words.length) return { ok: false, message: `“${unknown.join(" ")}” is not understood here: it is no service of ${organisation}, period or format (html or word). ${HOW}` };
  if (named && !named.ok) return named;
  const names = ours.map((s) => s.name).join(", ");
  return { ok: false, message: `“${typed}” is not a service of ${organisation}${names ? `: the services are ${names}` : ""}.` };
}

export interface ChatReport {
  /** The organisation's name, as records carry it. */
  organisation: string;
  /** As the asker wrote it; null for the whole organisation. */
  service: string | null;
  period: string;
  format: ReportFormat;
  /** What the asker is told at once: "Building the Q1 2016/17 report for Commissioning Group…". */
  acknowledgement: string;
}

/** The period most of the organisation's indicators last reported: what "report" alone is about. */
function latestCommonPeriod(records: Awaited<ReturnType<Catalogue["indicators"]>>, organisation: string): Period | null {
  const ours = records.filter((r) => r.organisation === organisation && !r.retired && r.results.length);
  return mostReportedPeriod(ours.map((r) => r.results.reduce((a, b) => (b.period.end > a.period.end ? b : a)).period.label));
}

/**
 * What the asker asked for, where they may have it: an officer or admin of the organisation (a person of every
 * organisation too). Otherwise the notice saying why not, or what to say instead.
 */
export async function prepareChatReport(asking: Identifying, asker: Asker, words: string[]): Promise<{ ok: true; report: ChatReport } | { ok: false; notice: Notice }> {
  const visible = await catalogueFor(asking.catalogue, asker);
  if (!visible) return { ok: false, notice: notLinked(asker) };
  const person = await identify(asking, asker);
  const read = readReportWords(words);
  if (!read.ok) return read;
  let period = read.period;
  const which = await organisationFor(visible, asker, person, read.rest, "report {slug} Q1 2016/17");
  if (!which.ok) return { ok: false, notice: notice("Which organisation?", which.message) };
  if (!person) return { ok: false, notice: notice("Not allowed", "The committee report is for performance officers and admins, and the bot does not know who you are yet. Ask an admin to add you (kpi role <your email> officer).") };
  if (!holds(person, "officer", which.organisation)) return { ok: false, notice: notice("Not allowed", `The committee report is for performance officers and admins of ${which.organisation}. Ask an admin if you need it.`) };
  const asked = serviceAsked(await visible.services(), which.organisation, which.words);
  if (!asked.ok) return { ok: false, notice: notice("Which service?", asked.message) };
  period ??= latestCommonPeriod(await visible.indicators({ includeRetired: false }), which.organisation);
  if (!period) return { ok: false, notice: notice("No figures yet", `${which.organisation} has no results to report on yet.`) };
  const service = asked.service?.name ?? null;
  return {
    ok: true,
    report: {
      organisation: which.organisation,
      service,
      period: period.label,
      format: read.format ?? "docx",
      acknowledgement: `Building the ${period.label} report${service ? ` for ${service}` : ""}…`,
    },
  };
}
