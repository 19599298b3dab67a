// What the renderers take besides the report. Charts are optional: the report is complete without them.
import type { ReportIndicatorRow } from "../core/committee-report.ts";

/** A trend chart as a PNG, with the words a screen reader reads instead (what it shows). */
export interface ReportChart {
  png: Uint8Array;
  /** In pixels, as placed on the page. */
  width: number;
  height: number;
  description: string;
}

export interface ReportOptions {
  /**
   * The hook for trend charts: given a row (its `trend` holds every result up to the period), a chart to
   * place under it, or null for none. Left unset, the report has no charts.
   */
  chartFor?: (row: ReportIndicatorRow) => Promise<ReportChart | null>;
}
