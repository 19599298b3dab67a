// The value axis of every trend, for any table's figures: zero where the figures come near it or count
// things, else a start near them that the axis says, a span of at least a tenth of the largest value,
// whole ticks for counts, percentages no higher than 100% unless a figure is.
import { describe, expect, it } from "vitest";
import { countsThings, valueAxis } from "../../src/core/chart-axis.ts";

describe("valueAxis", () => {
  it("starts at zero where the lowest figure is within half of the highest, or the figures count things", () => {
    expect(valueAxis([40, 100], "%", { count: false })).toMatchObject({ low: 0, zeroBased: true, note: null });
    expect(valueAxis([216, 539, 471], null, { count: true })).toMatchObject({ low: 0, zeroBased: true });
    expect(valueAxis([3.8, 4.2], null, { count: true }).ticks.every(Number.isInteger)).toBe(true);
    expect(countsThings([4, 216], null)).toBe(true);
    expect(countsThings([169.72, 75.6], null)).toBe(false);
    expect(countsThings([4, 5], "%")).toBe(false);
  });

  it("elsewhere starts near the figures, says so, and spans at least a tenth of the largest value", () => {
    const axis = valueAxis([19.3, 19.4, 19.8, 20, 20.4], "%", { count: false });
    expect(axis.zeroBased).toBe(false);
    expect(axis.note).toBe(`axis starts at ${axis.low}%`);
    expect(axis.high - axis.low).toBeGreaterThanOrEqual(2.04);
    expect(axis.low).toBeLessThanOrEqual(19.3);
    expect(axis.high).toBeGreaterThanOrEqual(20.4);
    expect(valueAxis([6.8e6, 7.3e6, 8.7e6], "£", { count: false }).note).toMatch(/^axis starts at £\d+(\.\d+)?m$/);
  });

  it("stops a percentage at 100% unless a figure exceeds it; shows zero for figures either side of it", () => {
    expect(valueAxis([91, 100, 95, 85], "%", { count: false }).high).toBe(100);
    expect(valueAxis([91, 104], "%", { count: false }).high).toBeGreaterThanOrEqual(104);
    const mixed = valueAxis([-3, 5], null, { count: false });
    expect(mixed.low).toBeLessThan(-3);
    expect(mixed).toMatchObject({ zeroBased: true, note: null });
    expect(mixed.ticks).toContain(0);
    expect(valueAxis([-20, -18], null, { count: false })).toMatchObject({ zeroBased: false, note: expect.stringMatching(/^axis starts at -2\d/) });
  });
});
