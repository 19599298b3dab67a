// "report [organisation] [service] [period] [html]" in Slack or Teams: the committee report for officers and
// admins, built by build-report.ts and sent to the asker by the platform. This decides what is asked for and
// whether the asker may have it, quickly (the platform acknowledges with it first); building comes after.
import { holds, type Asker } from "../access.ts";
import { mostReportedPeriod, parsePeriod, type Period } from "../periods.ts";
import type { Catalogue } from "../ports.ts";
import { notice, type Notice } from "../views.ts";
import { identify, type Identifying } from "./identify.ts";
import { notLinked } from "./not-linked.ts";
import { organisationFor } from "./organisation-for.ts";
import { catalogueFor } from "./visible-catalogue.ts";

const REPORT = /^\s*report\b(.*)$/is;
const FORMAT_WORDS: Record<string, ReportFormat> = { html: "html", web: "html", word: "docx", docx: "docx" };

export type ReportFormat = "docx" | "html";

/** The words after "report", or null where the text is not a report request. */
export function reportRequest(text: string): string[] | null {
  const asked = REPORT.exec(text);
  return asked ? asked[1]!.replace(/[“”"]/g, " ").split(/\s+/).filter(Boolean) : null;
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
  let rest = [...words];
  const format = FORMAT_WORDS[rest.at(-1)?.toLowerCase() ?? ""];
  if (format) rest = rest.slice(0, -1);
  // The period is the last words where they read as one ("Q1 2016/17", "2016/17", "Nov 2016").
  let period: Period | null = null;
  for (const length of [3, 2, 1]) {
    const found = rest.length >= length ? parsePeriod(rest.slice(-length).join(" ")) : null;
    if (found) {
      period = found;
      rest = rest.slice(0, -length);
      break;
    }
  }
  // What looks like part of a period and is not one ("Q5" of "Q5 2016/17", whose "2016/17" alone reads as the year).
  const periodLike = rest.filter((w) => /^(?:Q\d|\d{4}(?:\/\d{2})?)$/i.test(w));
  if (periodLike.length) return { ok: false, notice: notice("Which period?", `“${[...periodLike, ...(period ? [period.label] : [])].join(" ")}” is not a period: write it as the reports do, such as Q1 2016/17 or 2016/17, at the end (report Commissioning Group Q1 2016/17).`) };
  const which = await organisationFor(visible, asker, person, rest, "report {slug} Q1 2016/17");
  if (!which.ok) return { ok: false, notice: notice("Which organisation?", which.message) };
  if (!person) return { ok: false, notice: notice("Not allowed", "The committee report is for performance officers and admins, and the bot does not know who you are yet. Ask an admin to add you (kpi role <your email> officer).") };
  if (!holds(person, "officer", which.organisation)) return { ok: false, notice: notice("Not allowed", `The committee report is for performance officers and admins of ${which.organisation}. Ask an admin if you need it.`) };
  period ??= latestCommonPeriod(await visible.indicators({ includeRetired: false }), which.organisation);
  if (!period) return { ok: false, notice: notice("No figures yet", `${which.organisation} has no results to report on yet.`) };
  const service = which.words.join(" ").trim() || null;
  return {
    ok: true,
    report: {
      organisation: which.organisation,
      service,
      period: period.label,
      format: format ?? "docx",
      acknowledgement: `Building the ${period.label} report${service ? ` for ${service}` : ""}…`,
    },
  };
}
