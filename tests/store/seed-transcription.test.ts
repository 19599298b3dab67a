// The demo data files against the seed reports they were transcribed from
// (tests/fixtures/seeds are copies of ../shared/seeds): every figure as printed.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cellText } from "../../src/core/cell-text.ts";
import { readDemoReports } from "../../src/store/demo-data.ts";
import { root } from "../helpers/run.ts";

const reports = readDemoReports();
const seedLines = (file: string) => readFileSync(path.join(root, "tests/fixtures/seeds", file), "utf8").split("\n");
const cells = (line: string) => line.split("\t").map((c) => cellText(c));

describe.each(reports.map((r) => [r.source, r] as const))("%s", (source, report) => {
  const lines = seedLines(source);
  // Indicator rows: a ref such as AC/S8 or CG/C16 (RPS – Biannual) in the first of ten or more cells.
  const indicatorRows = lines.map(cells).filter((c) => c.length >= 10 && /^[A-Z]{2}\/[CS]\d+/.test(c[0]!));

  it("has one indicator per indicator row of the seed", () => {
    const seedRefs = indicatorRows.map((c) => /^[A-Z]{2}\/[CS]\d+/.exec(c[0]!)![0]);
    expect(report.indicators.map((i) => i.ref).sort()).toEqual([...new Set(seedRefs)].sort());
  });

  it("prints every target, result, fraction and recorded DOT exactly as its seed row does", () => {
    for (const indicator of report.indicators) {
      const row = indicatorRows.find((c) => c[0]!.startsWith(indicator.ref) && !/\d/.test(c[0]!.slice(indicator.ref.length, indicator.ref.length + 1)));
      expect(row, indicator.ref).toBeDefined();
      const printed = new Set(row);
      for (const t of indicator.targets) expect(printed.has(t.text), `${indicator.ref} target ${t.text}`).toBe(true);
      for (const r of indicator.results) {
        expect(printed.has(r.text), `${indicator.ref} ${r.period} result ${r.text}`).toBe(true);
        if (r.numerator !== undefined) expect(printed.has(`${r.numerator}/${r.denominator}`), `${indicator.ref} fraction`).toBe(true);
        for (const dot of [r.dotShort, r.dotLong]) if (dot) expect(printed.has(dot), `${indicator.ref} DOT ${dot}`).toBe(true);
      }
    }
  });

  it("has one action per reference printed in the seed", () => {
    const text = lines.join("\n");
    // A key action ref stands alone in its cell; KCA and MOS refs open theirs.
    for (const [pattern, ref] of [[/^CG\d{2}(?=\t)/gm, /^CG\d{2}$/], [/\bKCA \d+\b/g, /^KCA \d+$/], [/\bMOS \d+(?: & \d+)?\b/g, /^MOS \d+(?: & \d+)?$/]] as const) {
      const printed = new Set(text.match(pattern) ?? []);
      const transcribed = report.actions.map((a) => a.ref).filter((r): r is string => r !== null && ref.test(r));
      expect(new Set(transcribed), pattern.source).toEqual(printed);
      expect(transcribed.length, `${pattern.source} once each`).toBe(printed.size);
    }
  });
});

it("transcribes AC/S8 as the Adults report prints it", () => {
  const adults = reports.find((r) => r.source.startsWith("001"))!;
  expect(adults.indicators.find((i) => i.ref === "AC/S8")).toMatchObject({
    polarity: "Bigger is Better",
    targets: [{ period: "2016/17", text: "63.0%" }, { period: "Q2 2016/17", text: "63.0%" }],
    results: [
      { period: "Q2 2016/17", text: "53.2%", numerator: 194, denominator: 365, dotShort: "Worsening", dotLong: "N/A" },
      { period: "Q1 2016/17", text: "59.7%" },
      { period: "Q2 2015/16", text: "N/A" },
    ],
  });
});
