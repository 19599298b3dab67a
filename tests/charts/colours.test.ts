// The rating colours told apart by everyone: every pair of levels a picture can show together differs by a
// CIEDE2000 ΔE of at least 15 to deuteranopes and protanopes (Machado 2009 simulation) and 20 to normal sight;
// and the word or letters written on each colour stay readable.
import { describe, expect, it } from "vitest";
import { ciede2000, contrast, difference, type Vision } from "../../src/charts/colour-vision.ts";
import { LEVEL_STYLE } from "../../src/charts/draw.ts";

/** The levels one picture shows together: Barnet's four and not rated; three levels (a wheel too) and not rated. */
const SCHEMES = [
  ["Green", "Green Amber", "Red Amber", "Red", "Not rated"],
  ["Green", "Amber", "Red", "Not rated"],
];
const LEAST: Record<Vision, number> = { normal: 20, deuteranopia: 15, protanopia: 15, tritanopia: 10 };

describe("CIEDE2000", () => {
  // Sharma, Wu and Dalal (2005), table 1: pairs 1, 7, 17 and 25.
  it.each([
    [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
    [[50, 0, 0], [50, -1, 2], 2.3669],
    [[50, 2.5, 0], [73, 25, -18], 27.1492],
    [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
  ] as [number[], number[], number][])("gives the published difference of %j and %j", (one, other, expected) => {
    expect(ciede2000(one as [number, number, number], other as [number, number, number])).toBeCloseTo(expected, 4);
  });

  it("sees red and green as far apart to normal sight and close to a deuteranope", () => {
    expect(difference("#FF0000", "#00FF00")).toBeGreaterThan(80);
    expect(difference("#D55E00", "#4A9A00", "deuteranopia")).toBeLessThan(10);
  });
});

describe("the rating palette", () => {
  const pairs = SCHEMES.flatMap((levels) => levels.flatMap((a, i) => levels.slice(i + 1).map((b) => [a, b] as const)));
  it.each(Object.keys(LEAST) as Vision[])("tells every pair of levels apart with %s", (vision) => {
    const tooClose = pairs
      .map(([a, b]) => ({ pair: `${a} ~ ${b}`, difference: Math.round(difference(LEVEL_STYLE[a]!.colour, LEVEL_STYLE[b]!.colour, vision) * 10) / 10 }))
      .filter((p) => p.difference < LEAST[vision]);
    expect(tooClose).toEqual([]);
  });

  it("writes on each colour in an ink of at least 4.5:1 contrast", () => {
    const faint = Object.entries(LEVEL_STYLE).filter(([, s]) => contrast(s.colour, s.ink) < 4.5).map(([level]) => level);
    expect(faint).toEqual([]);
  });
});
