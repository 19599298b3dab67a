// kpi chart <ref> [--format png|svg] [--out file] [--periods 8] [--width 1200] [--organisation x]:
// an indicator's figures against target, drawn as the chat shows them, to a file; and
// kpi chart wheel [--period "Q2 2017/18"] [--organisation x]: the performance wheel for a period.
import path from "node:path";
import { writeWhole } from "../files/write-whole.ts";
import { DEFAULT_PERIODS, MAX_PERIODS, type IndicatorChart, type WheelChart } from "../core/charts.ts";
import { chartIndicator } from "../core/use-cases/chart-indicator.ts";
import { chartWheel } from "../core/use-cases/chart-wheel.ts";
import { prismaCatalogue } from "../store/catalogue.ts";
import type { Db } from "../store/database.ts";
import { CHART_USAGE } from "./usage.ts";

/** Slack's width: sharp on a large screen, well under its upload limits. */
export const DEFAULT_CHART_WIDTH = 1200;

/** A whole number within bounds, or the message saying what is wanted. */
function wholeNumber(name: string, text: string | undefined, fallback: number, low: number, high: number): number | string {
  if (text === undefined) return fallback;
  const n = Number(text.trim());
  return Number.isInteger(n) && n >= low && n <= high ? n : `--${name} ${text.slice(0, 20)}: give a whole number from ${low} to ${high}.`;
}

/** A file name from a reference: "CG/S17" -> "CG-S17". */
export const fileNameFor = (ref: string) => ref.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "chart";

export async function runChart(db: Db, args: string[], values: Record<string, unknown>, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const str = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : undefined);
  const ref = args.join(" ").trim();
  if (!ref) {
    err(`Name the indicator to chart.\nUsage:\n${CHART_USAGE}`);
    return 1;
  }
  const outFile = str("out");
  const format = (str("format") ?? (outFile && path.extname(outFile).toLowerCase() === ".svg" ? "svg" : "png")).toLowerCase();
  if (format !== "png" && format !== "svg") {
    err(`--format ${format.slice(0, 20)}: write png or svg.`);
    return 1;
  }
  const periods = wholeNumber("periods", str("periods"), DEFAULT_PERIODS, 1, MAX_PERIODS);
  const width = wholeNumber("width", str("width"), DEFAULT_CHART_WIDTH, 200, 4000);
  for (const problem of [periods, width]) {
    if (typeof problem === "string") {
      err(problem);
      return 1;
    }
  }
  const wheel = /^wheel$/i.test(ref);
  const chart = wheel
    ? await chartWheel(prismaCatalogue(db), { period: str("period") ?? null, organisation: str("organisation") ?? null })
    : await chartIndicator(prismaCatalogue(db), { ref, organisation: str("organisation") ?? null, periods: periods as number });
  if (chart.kind !== "indicator_chart" && chart.kind !== "wheel_chart") {
    const { renderText } = await import("../platforms/console/render-text.ts");
    err(renderText(chart));
    return 1;
  }
  const { drawChart, drawSvg } = await import("../charts/draw.ts");
  const drawn = format === "png" ? await drawChart(chart, { width: width as number }) : await drawSvg(chart, { width: width as number });
  const bytes = format === "png" ? (drawn as Awaited<ReturnType<typeof drawChart>>).png : Buffer.from(drawn.svg, "utf8");
  const target = outFile ?? `${chart.kind === "wheel_chart" ? fileNameFor(`wheel ${chart.period}`) : fileNameFor(chart.ref)}.${format}`;
  try {
    await writeWhole(target, bytes);
  } catch (error) {
    err(`Could not write ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    return 1;
  }
  out(`Wrote ${whatWritten(chart)}, ${drawn.width}×${drawn.height} ${format.toUpperCase()}, ${Math.ceil(bytes.length / 1024)} KB, to ${target}.`);
  out(chart.alt);
  return 0;
}

const whatWritten = (chart: IndicatorChart | WheelChart) =>
  chart.kind === "wheel_chart"
    ? `the performance wheel of ${chart.organisation} for ${chart.period}, ${chart.segments.length} segments`
    : `${chart.ref} (${chart.organisation}), ${chart.points.length} ${chart.points.length === 1 ? "period" : "periods"}`;
