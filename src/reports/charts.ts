// The report's trend charts: each row's chart view model (built in the core as of the report's period)
// drawn to PNG for the charts hook. Drawn at more pixels than it is placed at, so it prints sharp.
import { drawChart } from "../charts/draw.ts";
import type { CommitteeReport, ReportIndicatorRow } from "../core/committee-report.ts";
import type { ReportChart } from "./options.ts";

/** Pixels drawn: about 145 dpi where placed at 16 cm, sharp on paper at a modest file size. */
export const CHART_PIXELS = 900;
/** 16 cm at the 96 px to the inch that Word and CSS both place images by. */
export const CHART_PLACED_WIDTH = Math.round((16 / 2.54) * 96);

/** One row's chart drawn, with its alt text; null for a row built without one. Throws where drawing fails. */
export async function drawReportChart(row: ReportIndicatorRow): Promise<ReportChart | null> {
  if (!row.chart) return null;
  const drawn = await drawChart(row.chart, { width: CHART_PIXELS });
  return { png: drawn.png, width: CHART_PLACED_WIDTH, height: Math.round((CHART_PLACED_WIDTH * drawn.height) / drawn.width), description: row.chart.alt };
}

export interface ReportChartDrawer {
  chartFor: (row: ReportIndicatorRow) => Promise<ReportChart | null>;
  /** Refs of the rows whose chart could not be drawn: their rows are there, without a picture. */
  failed: string[];
}

/**
 * The charts hook for a whole report. The renderers ask row by row, in order; the next `ahead` rows are
 * started at once, so vega lays out one chart while resvg rasterises another on the thread pool (a second
 * core's work), and no more than that is held. A chart that cannot be drawn leaves its row without one.
 */
export function reportChartDrawer(report: CommitteeReport, options: { ahead?: number } = {}): ReportChartDrawer {
  const ahead = options.ahead ?? 2;
  const rows = report.indicators.flatMap((g) => g.rows);
  const position = new Map(rows.map((row, i) => [row, i]));
  const started = new Map<ReportIndicatorRow, Promise<ReportChart | null>>();
  const failed: string[] = [];
  const start = (row: ReportIndicatorRow) => {
    let drawing = started.get(row);
    if (!drawing) {
      drawing = drawReportChart(row).catch(() => {
        failed.push(row.ref);
        return null;
      });
      started.set(row, drawing);
    }
    return drawing;
  };
  return {
    failed,
    chartFor: async (row) => {
      const at = position.get(row);
      if (at !== undefined) for (const next of rows.slice(at + 1, at + 1 + ahead)) void start(next);
      const chart = await start(row);
      // Drawn once and handed over: the renderer keeps what it places.
      started.delete(row);
      return chart;
    },
  };
}
