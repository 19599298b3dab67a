// The digest's picture says every level in letters beside its count, inside a segment wide enough or after
// the bar, so that no count rests on its colour; a period with no rating at all is said in words, not drawn
// as a grey bar that reads as one more rating.
import { describe, expect, it } from "vitest";
import { drawSvg } from "../../src/charts/draw.ts";
import type { SummaryChart } from "../../src/core/charts.ts";

const LEVELS = ["Green", "Green Amber", "Red Amber", "Red", "Not rated"];

const chart = (rows: SummaryChart["rows"]): SummaryChart => ({ kind: "summary_chart", organisation: "Test Council", title: "Ratings by service: Test Council", levels: LEVELS, period: "Q1 2016/17", rows, message: null, alt: "Chart of ratings" });

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));

describe("the digest's picture", () => {
  it("writes each level's letters with its count, the narrow segments' after the bar", async () => {
    const { svg } = await drawSvg(
      chart([
        { service: "Adults", period: "Q2 2016/17", previousPeriod: "Q1 2016/17", now: [10, 2, 3, 1, 1], before: [7, 1, 2, 2, 5] },
        { service: "Children", period: "Q2 2016/17", previousPeriod: "Q1 2016/17", now: [1, 1, 1, 1, 1], before: [0, 0, 0, 40, 0] },
      ]),
      { width: 1024 },
    );
    const shown = texts(svg).join(" | ");
    for (const tag of ["G 10", "GA 2", "RA 3", "R 1", "NR 1", "G 7", "GA 1", "RA 2", "R 2", "NR 5", "R 40"]) expect(shown).toContain(tag);
    // Where a count is written alone, its colour would be its only key.
    expect(texts(svg).filter((t) => /^\d+$/.test(t.trim()) && !/^(0|5|10|15|20|25|30|35|40|45|50)$/.test(t.trim()))).toEqual([]);
  });

  it("says a period before with no rating in words instead of drawing its not-rated bar", async () => {
    const { svg } = await drawSvg(chart([{ service: "Commissioning Group", period: "Q1 2016/17", previousPeriod: "Q4 2015/16", now: [8, 7, 5, 6, 2], before: [0, 0, 0, 0, 28] }]), { width: 1024 });
    expect(texts(svg)).toContain("no ratings for Q4 2015/16 (28 not rated)");
    expect(texts(svg).some((t) => t.includes("NR 28"))).toBe(false);
    // One bar's segments only: five levels of the period itself.
    expect([...svg.matchAll(/aria-roledescription="bar"/g)].length).toBe(5);
  });
});
