// The worker thread a report's trend charts are drawn in (see charts.ts): asked for one chart at a time,
// it answers with the PNG, or with why it could not.
import { parentPort } from "node:worker_threads";
import { drawChart } from "../charts/draw.ts";
import type { IndicatorChart } from "../core/charts.ts";

export interface ChartAsked {
  id: number;
  chart: IndicatorChart;
  width: number;
}

export type ChartAnswer = { id: number; png: Uint8Array; width: number; height: number } | { id: number; error: string };

parentPort?.on("message", (asked: ChartAsked) => {
  drawChart(asked.chart, { width: asked.width }).then(
    (drawn) => {
      // Its own copy, handed over rather than copied again (the encoder's buffer may share memory).
      const png = new Uint8Array(drawn.png);
      parentPort!.postMessage({ id: asked.id, png, width: drawn.width, height: drawn.height } satisfies ChartAnswer, [png.buffer]);
    },
    (error: unknown) => parentPort!.postMessage({ id: asked.id, error: error instanceof Error ? error.message : String(error) } satisfies ChartAnswer),
  );
});
