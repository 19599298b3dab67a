// The report's trend charts: each row's chart view model (built in the core as of the report's period)
// drawn to PNG for the charts hook, in a worker thread of its own. Drawn at more pixels than it is placed
// at, so it prints sharp.
import { Worker } from "node:worker_threads";
import type { CommitteeReport, ReportIndicatorRow } from "../core/committee-report.ts";
import type { ChartAnswer, ChartAsked } from "./chart-worker.ts";
import type { ReportChart } from "./options.ts";

/** Pixels drawn: about 145 dpi where placed at 16 cm, sharp on paper at a modest file size. */
export const CHART_PIXELS = 900;
/** 16 cm at the 96 px to the inch that Word and CSS both place images by. */
export const CHART_PLACED_WIDTH = Math.round((16 / 2.54) * 96);

/**
 * The drawing thread's heap. vega leaves much garbage per chart: in the report's own heap, 500 charts grew
 * it by some 250 MB before V8 collected; in a small heap of its own it is collected as it goes, and all of
 * its heap is given back when the worker ends.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 };
const MAX_WORKERS = 3;

/** A worker thread that draws charts. */
const startWorker = () => new Worker(new URL("./chart-worker.ts", import.meta.url), { resourceLimits: WORKER_LIMITS });

export interface ReportChartDrawer {
  chartFor: (row: ReportIndicatorRow) => Promise<ReportChart | null>;
  /** Refs of the rows whose chart could not be drawn: their rows are there, without a picture. */
  failed: string[];
  /** Ends the drawing thread, giving its memory back. The report is done with its charts. */
  close: () => Promise<void>;
}

/**
 * The charts hook for a whole report. The renderers ask row by row, in order; the next `ahead` rows are
 * asked of the worker at once, so vega lays out one chart while resvg rasterises another on the thread pool,
 * and no more than that is held. A chart that cannot be drawn leaves its row without one; a worker that dies
 * (out of memory) fails the charts it held, and the next chart starts a new one, up to MAX_WORKERS.
 */
export function reportChartDrawer(report: CommitteeReport, options: { ahead?: number } = {}): ReportChartDrawer {
  const ahead = options.ahead ?? 2;
  const rows = report.indicators.flatMap((g) => g.rows);
  const position = new Map(rows.map((row, i) => [row, i]));
  const started = new Map<ReportIndicatorRow, Promise<ReportChart | null>>();
  const waiting = new Map<number, (answer: ChartAnswer) => void>();
  const failed: string[] = [];
  let worker: Worker | null = null;
  let workersStarted = 0;
  let nextId = 0;

  const drawingWorker = () => {
    if (worker) return worker;
    // A thread that dies at once (it cannot load) is not started again for every row.
    if (workersStarted++ >= MAX_WORKERS) throw new Error("the drawing thread keeps failing");
    const fresh = startWorker();
    fresh.on("message", (answer: ChartAnswer) => {
      waiting.get(answer.id)?.(answer);
      waiting.delete(answer.id);
      // Idle, the thread does not keep the process alive (a report that stopped half way, never closed).
      if (!waiting.size) fresh.unref();
    });
    const fail = (reason: string) => {
      if (worker === fresh) worker = null;
      for (const [id, answer] of waiting) answer({ id, error: reason });
      waiting.clear();
    };
    fresh.on("error", (error) => fail(error.message));
    fresh.on("exit", () => fail("the drawing thread ended"));
    return (worker = fresh);
  };

  const draw = (row: ReportIndicatorRow): Promise<ReportChart | null> => {
    const chart = row.chart;
    if (!chart) return Promise.resolve(null);
    const id = nextId++;
    return new Promise((resolve) => {
      const answered = (answer: ChartAnswer) => {
        if ("error" in answer) {
          failed.push(row.ref);
          return resolve(null);
        }
        resolve({ png: answer.png, width: CHART_PLACED_WIDTH, height: Math.round((CHART_PLACED_WIDTH * answer.height) / answer.width), description: chart.alt });
      };
      waiting.set(id, answered);
      try {
        const drawing = drawingWorker();
        drawing.postMessage({ id, chart, width: CHART_PIXELS } satisfies ChartAsked);
        drawing.ref();
      } catch (error) {
        // A chart that cannot be sent (nothing in the view model should stop it) fails like one not drawn.
        waiting.delete(id);
        answered({ id, error: (error as Error).message });
      }
    });
  };

  const close = async () => {
    const ending = worker;
    worker = null;
    await ending?.terminate();
  };
  const start = (row: ReportIndicatorRow) => {
    let drawing = started.get(row);
    if (!drawing) started.set(row, (drawing = draw(row)));
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
      // The last row's chart: the thread's memory goes back before the renderer packs the file.
      if (at === rows.length - 1) await close();
      return chart;
    },
    close,
  };
}
