// The direction of travel in words, with an arrow that follows the figure, not the polarity: a falling
// Smaller-is-Better figure reads "↓ Improving" in the report's table, on the Slack and Teams cards and in a
// list; a rising one "↑ Worsening". Never the rating markers' triangles.
import { describe, expect, it } from "vitest";
import { buildIndicatorCard } from "../../src/core/indicator-card.ts";
import { listItem } from "../../src/core/use-cases/list-indicators.ts";
import { indicatorRow } from "../../src/core/use-cases/build-report.ts";
import type { DemoReport } from "../../src/store/demo-data.ts";
import { renderSlack } from "../../src/platforms/slack/blocks.ts";
import { renderCard } from "../../src/platforms/teams/cards.ts";
import { indicatorCells } from "../../src/reports/cells.ts";
import { recordFromRow } from "../helpers/records.ts";

const report: DemoReport = { source: "direction-arrows.test", organisation: { slug: "test", name: "Test Council" }, report: { title: "Test", period: "Q2 2016/17", published: null }, indicators: [], actions: [] };

const card = (polarity: string, figures: [string, string, string]) =>
  buildIndicatorCard(
    recordFromRow(report, {
      ref: "TC/1", refAsPrinted: "TC/1", codes: [], title: "Days lost to sickness", polarity, service: null, theme: null, frequency: "Quarterly", source: null,
      targets: [{ period: "2016/17", text: "8 days" }],
      results: [
        { period: "Q2 2015/16", text: figures[0] },
        { period: "Q1 2016/17", text: figures[1] },
        { period: "Q2 2016/17", text: figures[2] },
      ],
      benchmark: { text: "", items: [] }, commentary: null,
    }),
  );

const everywhere = (c: ReturnType<typeof card>) => [JSON.stringify(renderSlack(c, { shareable: false }, "TC/1").blocks), JSON.stringify(renderCard(c)), indicatorCells(indicatorRow(c, null)).join(" | ")];

describe("the direction of travel's arrow", () => {
  it("points down where a Smaller-is-Better figure fell, beside Improving", () => {
    const fell = card("Smaller is Better", ["9.1 days", "8.49 days", "7.9 days"]);
    expect(fell.latest).toMatchObject({ dotShort: "Improving", dotLong: "Improving" });
    for (const shown of everywhere(fell)) {
      expect(shown).toContain("↓ Improving");
      expect(shown).not.toMatch(/[▲▼►]/);
    }
    expect(indicatorCells(indicatorRow(fell, null))[6]).toBe("↓ Improving (Q1 2016/17: 8.49 days)");
    expect(listItem(fell)).toMatchObject({ dotShort: "Improving", dotShortMove: "fell" });
  });

  it("points up where a Smaller-is-Better figure rose, beside Worsening; sideways where it held", () => {
    const rose = card("Smaller is Better", ["7.9 days", "7.9 days", "8.49 days"]);
    for (const shown of everywhere(rose)) expect(shown).toContain("↑ Worsening");
    const held = card("Bigger is Better", ["70%", "71%", "71%"]);
    expect(indicatorCells(indicatorRow(held, null))[6]).toBe("→ Same (Q1 2016/17: 71%)");
    expect(indicatorCells(indicatorRow(held, null))[7]).toBe("↑ Improving (Q2 2015/16: 70%)");
  });
});
