// Plain text from report cells (issue 30): a footnote mark is not carried into the text as a figure, and a
// list item that wrote its own dash gets one bullet, not two. Titles come through here from the demo reports
// and from every imported table.
import { describe, expect, it } from "vitest";
import { cellText } from "../../src/core/cell-text.ts";
import { withSingleBullets } from "../../src/core/text.ts";

describe("cellText", () => {
  it("drops a numbered footnote mark that stands apart from the word before it (seed 002's CG/S4 title)", () => {
    expect(cellText("Public confidence in police and council in dealing with anti- social behaviour and crime issues that matter in their area <sup>2</sup>")).toBe(
      "Public confidence in police and council in dealing with anti- social behaviour and crime issues that matter in their area",
    );
    expect(cellText("Residents satisfied <sup>1, 3</sup> with parks")).toBe("Residents satisfied with parks");
  });

  it("keeps digits attached to a word as superscript characters, symbol marks as written, and ordinals as text", () => {
    expect(cellText("Cost per m<sup>2</sup> of office space")).toBe("Cost per m² of office space");
    expect(cellText("Area<sup>12</sup> covered")).toBe("Area¹² covered");
    expect(cellText("Adults aged 18-64 <sup>*</sup>")).toBe("Adults aged 18-64 *");
    expect(cellText("<p>Completed on 1<sup>st</sup> April 2017</p>")).toBe("Completed on 1st April 2017");
    // Plain text has no superscript to tell a mark by.
    expect(cellText("Households in temporary accommodation 2")).toBe("Households in temporary accommodation 2");
  });

  it("gives a list item that carries its own dash one bullet (seed 002's 'Met Trace' comment)", () => {
    const html = "<ul> <li>Actions being taken:</li> <li>-The 'Met Trace' technology will be offered.</li> <li>– The CCTV system</li> <li>-5% on last year</li> </ul>";
    expect(cellText(html).split("\n")).toEqual(["• Actions being taken:", "• The 'Met Trace' technology will be offered.", "• The CCTV system", "• -5% on last year"]);
  });
});

describe("withSingleBullets", () => {
  it("leaves one bullet a line, and a minus before a figure alone", () => {
    expect(withSingleBullets("• -The 'Met Trace'\n• • Twice\n• ▪ Square\n• -0.5 points\nNo bullet - here")).toBe("• The 'Met Trace'\n• Twice\n• Square\n• -0.5 points\nNo bullet - here");
  });
});
