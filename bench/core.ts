// Domain core speed: rating and direction of travel over 100,000 indicator-periods,
// and the /kpi query parser over 10,000 queries (goal: 99th percentile under 50 µs).
import { buildIndicatorCard } from "../src/core/indicator-card.ts";
import { quarter } from "../src/core/periods.ts";
import type { Polarity } from "../src/core/polarity.ts";
import type { IndicatorRecord } from "../src/core/ports.ts";
import { DEFAULT_POLICY, direction, rate } from "../src/core/ratings.ts";
import { parseFigure, figureValue } from "../src/core/figures.ts";
import { parseQuery } from "../src/core/query.ts";

/** A small deterministic generator, so every run measures the same work. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const FORMATS = [(v: number) => `${v.toFixed(1)}%`, (v: number) => `£${(v / 10).toFixed(2)}m`, (v: number) => `${(v / 10).toFixed(2)} days`, (v: number) => Math.round(v * 100).toLocaleString("en-GB"), (v: number) => `${v.toFixed(1)}% (Spring 2016)`];
const POLARITIES: Polarity[] = ["bigger", "bigger", "smaller", "goldilocks", "monitor"];

export function generateIndicators(count: number, periods: number, seed = 1): IndicatorRecord[] {
  const next = random(seed);
  return Array.from({ length: count }, (_, n) => {
    const format = FORMATS[n % FORMATS.length]!;
    const polarity = POLARITIES[n % POLARITIES.length]!;
    const base = 20 + next() * 60;
    const labels = Array.from({ length: periods }, (_, i) => quarter(((i % 4) + 1) as 1 | 2 | 3 | 4, 2014 + Math.floor(i / 4)));
    const period = (p: (typeof labels)[number]) => ({ label: p.label, start: p.start, end: p.end });
    return {
      ref: `GEN/S${n}`,
      lookupKeys: [`gens${n}`],
      searchText: `gen s${n} generated indicator ${n}`,
      serviceId: null,
      title: `Generated indicator ${n}`,
      organisation: "Bench Council",
      polarity,
      polarityText: polarity,
      service: `Service ${n % 12}`,
      priority: null,
      type: n % 2 ? "SPI" : "CPI",
      frequency: "quarterly",
      codes: [],
      ragPolicy: DEFAULT_POLICY,
      benchmarkText: null,
      benchmarks: [],
      targets: labels.map((p) => {
        const text = polarity === "goldilocks" ? `${(base - 5).toFixed(1)}-${(base + 5).toFixed(1)}` : polarity === "monitor" ? "Monitor" : format(base);
        const f = parseFigure(text);
        return { period: period(p), text, value: figureValue(f), low: f.kind === "range" ? f.low : null, high: f.kind === "range" ? f.high : null };
      }),
      results: labels.map((p) => {
        const text = format(base * (0.85 + next() * 0.3));
        return { period: period(p), text, value: figureValue(parseFigure(text)), numerator: null, denominator: null, ragRecorded: null, dotShortRecorded: null, dotLongRecorded: null, restatedFrom: null };
      }),
      commentary: [],
      owners: [],
    };
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function benchRatings(): string[] {
  const indicators = generateIndicators(10_000, 10);
  const cells = indicators.length * 10;

  // Rating and both directions for every indicator-period, from the text as printed.
  let rated = 0;
  const start = process.hrtime.bigint();
  for (const ind of indicators) {
    for (let i = 0; i < ind.results.length; i++) {
      const result = ind.results[i]!;
      const r = rate({ polarity: ind.polarity, result: result.text, target: ind.targets[i]!.text, policy: ind.ragPolicy });
      if (r.rated) rated++;
      direction(ind.polarity, result.value, ind.results[i - 1]?.value ?? null);
      direction(ind.polarity, result.value, ind.results[i - 4]?.value ?? null);
    }
  }
  const ratingMs = Number(process.hrtime.bigint() - start) / 1e6;

  // The same through the card builder, which every list and summary uses (latest period of each).
  const cardStart = process.hrtime.bigint();
  for (const ind of indicators) buildIndicatorCard(ind);
  const cardMs = Number(process.hrtime.bigint() - cardStart) / 1e6;

  return [
    `rating + short and long DOT: ${cells.toLocaleString("en-GB")} indicator-periods in ${ratingMs.toFixed(0)} ms (${((ratingMs * 1000) / cells).toFixed(2)} µs each, ${Math.round(cells / (ratingMs / 1000)).toLocaleString("en-GB")}/s); ${rated.toLocaleString("en-GB")} rated`,
    `indicator cards: ${indicators.length.toLocaleString("en-GB")} indicators of 10 periods in ${cardMs.toFixed(0)} ms (${((cardMs * 1000) / indicators.length).toFixed(1)} µs each)`,
  ];
}

export function sampleQueries(count: number, seed = 2): string[] {
  const next = random(seed);
  const fixed = ["AC/S8", "ac s8", "acs8", "ASCOF 1E", "enablement", "red", "red adults worsening", "amber commissioning", "summary", "summary adults", "overdue", "actions page 2", "green improving page 3", "help", "", "KCA 14", "MOS 46 & 47", "service adults red amber", "!!!", "what is the sickness absence"];
  const alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/&-().,%£!?\u00e9\u0422";
  return Array.from({ length: count }, (_, i) => {
    if (i % 4 !== 3) return fixed[i % fixed.length]!;
    const length = Math.floor(next() * 1000);
    let s = "";
    for (let c = 0; c < length; c++) s += alphabet[Math.floor(next() * alphabet.length)];
    return s;
  });
}

export function benchQueries(): { lines: string[]; p99: number } {
  const queries = sampleQueries(10_000);
  // Warm up as a running server is: one untimed pass, so the JIT has compiled the parser.
  for (const q of queries) parseQuery(q);
  const times: number[] = [];
  for (const q of queries) {
    const t = process.hrtime.bigint();
    parseQuery(q);
    times.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  const p99 = percentile(times, 99);
  return {
    p99,
    lines: [
      `query parser: ${queries.length.toLocaleString("en-GB")} queries (a quarter random, up to 1,000 characters): p50 ${percentile(times, 50).toFixed(1)} µs, p99 ${p99.toFixed(1)} µs, max ${times.at(-1)!.toFixed(1)} µs; goal p99 < 50 µs: ${p99 < 50 ? "met" : "MISSED"}`,
    ],
  };
}
