// Slugs: the one rule for organisations' slugs, pictures' and reports' file names.
import { describe, expect, it } from "vitest";
import { slug } from "../../src/core/text.ts";

describe("slug", () => {
  it("keeps lower-case letters and digits, one dash for anything between", () => {
    expect(slug("London Borough of Barnet", "organisation")).toBe("london-borough-of-barnet");
    expect(slug("barnet Commissioning Group Q1 2016/17", "report")).toBe("barnet-commissioning-group-q1-2016-17");
    expect(slug("  AC/S8: trend — 2016/17  ", "chart")).toBe("ac-s8-trend-2016-17");
  });

  it("falls back where nothing is left, and never ends on a dash when cut", () => {
    expect(slug("Ærø — ½", "organisation")).toBe("r");
    expect(slug("—", "chart")).toBe("chart");
    // Cut at 60 characters just after a word: the dash the cut leaves goes too.
    expect(slug(`${"a".repeat(59)} borough`, "organisation")).toBe("a".repeat(59));
    expect(slug("x".repeat(80), "organisation")).toHaveLength(60);
    expect(slug("a b c d", "x", 4)).toBe("a-b");
  });
});
