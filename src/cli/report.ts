// kpi report --organisation <name or slug> --period <label> [--service <name>] [--format docx|html] [--out <file>]
// [--charts | --no-charts]: the committee report, written whole or not at all (to a temporary file beside it,
// then renamed). Charts by default: the report has a trend per indicator, and a council's 30 to 60
// indicators draw in seconds; --no-charts is the quick draft (500 indicators: under 5 s, against under 60 s).
import path from "node:path";
import { writeWhole } from "../files/write-whole.ts";
import { buildReport } from "../core/use-cases/build-report.ts";
import { prismaCatalogue } from "../store/catalogue.ts";
import { prismaComparing } from "../store/comparison.ts";
import type { Db } from "../store/database.ts";
import { REPORT_USAGE } from "./usage.ts";

const FORMATS = ["docx", "html"] as const;
type Format = (typeof FORMATS)[number];

export async function runReport(db: Db, values: Record<string, unknown>, out: (s: string) => void, err: (s: string) => void, now = new Date()): Promise<number> {
  const str = (key: string) => (typeof values[key] === "string" ? (values[key] as string).trim() : undefined);
  const organisation = str("organisation");
  const periodText = str("period");
  if (!organisation || !periodText) {
    err(`Say which ${!organisation ? "organisation (--organisation barnet)" : "period (--period \"Q1 2016/17\")"}.\nUsage:\n${REPORT_USAGE}`);
    return 1;
  }
  const outFile = str("out");
  const extension = outFile ? path.extname(outFile).slice(1).toLowerCase() : "";
  const format = (str("format")?.toLowerCase() ?? (FORMATS.includes(extension as Format) ? extension : "docx")) as Format;
  if (!FORMATS.includes(format)) {
    err(`--format ${str("format")}: write docx or html.`);
    return 1;
  }

  const charts = values["no-charts"] !== true && values.charts !== false;
  const outcome = await buildReport(prismaCatalogue(db), { organisation, period: periodText, service: str("service") ?? null, now, charts, comparing: prismaComparing(db) });
  if (!outcome.ok) {
    err(outcome.message);
    return 1;
  }
  const report = outcome.report;
  // Each renderer loads only when asked for (docx is the larger), and the drawing (vega, resvg) only with charts.
  const drawer = charts ? (await import("../reports/charts.ts")).reportChartDrawer(report) : null;
  const options = drawer ? { chartFor: drawer.chartFor } : {};
  // HTML is written part by part as it is made: with charts it runs to tens of megabytes, never held whole.
  let size = 0;
  const counted = async function* (parts: AsyncIterable<string | Buffer>) {
    for await (const part of parts) {
      size += Buffer.byteLength(part);
      yield part;
    }
  };
  const document = format === "docx" ? (async function* () { yield await (await import("../reports/docx.ts")).renderDocx(report, options); })() : (await import("../reports/html.ts")).htmlParts(report, options);
  const { reportFileStem } = await import("../reports/cells.ts");
  const target = outFile ?? `${reportFileStem(report)}.${format}`;
  try {
    await writeWhole(target, counted(document));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "its folder does not exist" : (error as Error).message;
    err(`Could not write ${target}: ${reason}.`);
    return 1;
  } finally {
    await drawer?.close();
  }
  const rows = report.indicatorCount;
  if (drawer?.failed.length) err(`${drawer.failed.length} chart${drawer.failed.length === 1 ? "" : "s"} could not be drawn and ${drawer.failed.length === 1 ? "is" : "are"} left out: ${drawer.failed.join(", ")}.`);
  const actions = report.actions.reduce((n, s) => n + s.total, 0);
  out(`Wrote ${target} (${format.toUpperCase()}, ${Math.ceil(size / 1024)} kB): ${report.title}; ${rows} indicator${rows === 1 ? "" : "s"}${charts && rows ? " with trend charts" : ""}, ${actions} action${actions === 1 ? "" : "s"}.`);
  return 0;
}
