// The report's trend charts: each row's chart view model (built in the core as of the report's period)
// drawn to PNG for the charts hook. Drawn at more pixels than it is placed at, so it prints sharp.
import { drawChart } from "../charts/draw.ts";
import type { ReportIndicatorRow } from "../core/committee-report.ts";
import type { ReportChart } from "./options.ts";

/** Pixels drawn: about 145 dpi where placed at 16 cm, sharp on paper at a modest file size. */
export const CHART_PIXELS = 900;
/** 16 cm at the 96 px to the inch that Word and CSS both place images by. */
export const CHART_PLACED_WIDTH = Math.round((16 / 2.54) * 96);

/** The charts hook: the row's chart drawn, with its alt text; null for a row built without one. */
export async function drawReportChart(row: ReportIndicatorRow): Promise<ReportChart | null> {
  if (!row.chart) return null;
  const drawn = await drawChart(row.chart, { width: CHART_PIXELS });
  return { png: drawn.png, width: CHART_PLACED_WIDTH, height: Math.round((CHART_PLACED_WIDTH * drawn.height) / drawn.width), description: row.chart.alt };
}
