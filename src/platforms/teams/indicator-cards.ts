// An indicator's card as an Adaptive Card: its figure and rating in words, trend, chart, commentary and
// buttons; its History and Full commentary.
import { directionWords, notApplicable, ratingMark as mark } from "../../core/format.ts";
import { indicatorActions } from "../../core/card-actions.ts";
import { figureMove } from "../../core/ratings.ts";
import type { IndicatorCard } from "../../core/views.ts";
import { type AdaptiveCard, RATING_COLOUR, md, text, facts, card, type ChartImage, cardButtons } from "./card-kit.ts";

export function indicatorCard(c: IndicatorCard, chart: ChartImage | null): AdaptiveCard {
  const body: object[] = [
    text(`${c.ref} ${c.title}`, { size: "Medium", weight: "Bolder" }),
    text([c.organisation, c.service, c.polarityText, c.codes.join(", ") || null].filter(Boolean).join(" · "), { isSubtle: true, spacing: "None" }),
  ];
  const l = c.latest;
  if (!l) body.push(text("No results reported yet."));
  else {
    const fraction = l.numerator !== null && l.denominator !== null ? ` (${l.numerator}/${l.denominator})` : "";
    const target = !l.target
      ? " (no target for this period)"
      : l.target.toDateNote
        ? md` against **${l.target.display}** to date (${l.target.toDateNote})`
        : l.target.annualNote
        ? md` against the annual target **${l.target.display}** (${l.target.annualNote})`
        : md` against target **${l.target.display}**`;
    body.push(text(md`${mark(l.rating.level)} **${l.display}**${fraction}${target} · ${l.period}`, { size: "Large" }));
    body.push(text(`${l.rating.level}: ${l.rating.reason}${l.ratingRecorded ? ` (reported: ${l.ratingRecorded})` : ""}`, { color: RATING_COLOUR[l.rating.level] ?? "Default", weight: "Bolder" }));
    body.push(
      facts([
        ["Short term", `${l.dotShort ? directionWords(l.dotShort, figureMove(l.value, l.previous?.value)) : notApplicable(l.dotShortWhyNot)}${l.dotShortRecorded ? ` (reported: ${l.dotShortRecorded})` : ""}`],
        ["Long term", `${l.dotLong ? directionWords(l.dotLong, figureMove(l.value, l.yearBefore?.value)) : notApplicable(l.dotLongWhyNot)}${l.dotLongRecorded ? ` (reported: ${l.dotLongRecorded})` : ""}`],
        [`Previous (${l.previous?.period})`, l.previous?.display],
        [`A year before (${l.yearBefore?.period})`, l.yearBefore?.display],
        [`Annual target (${l.annualTarget?.period})`, l.annualTarget?.display],
      ]),
    );
  }
  const { periods: trend, ...line } = c.trend;
  if (trend.length > 1) {
    // Monospace, not inline code (Teams shows the backticks); a gap stays a gap as a no-break space.
    const spark = line.spark.replaceAll(" ", "\u00a0");
    body.push(text(md`**Trend**`));
    // Where the bars do not start at zero, they say where they start ("from 18%").
    if (spark) body.push(text(`${spark}${line.note ? `\u00a0\u00a0${line.note}` : ""}`, { fontType: "Monospace", spacing: "None" }));
    body.push(text(trend.map((h) => `${h.period}: ${h.display}`).join(" · "), { spacing: "None", isSubtle: true }));
  }
  // The picture beside the text trend, never instead of it: the text is what shows where the picture does not load.
  if (chart) body.push({ type: "Image", url: chart.url, altText: chart.alt, size: "Stretch", spacing: "Small" });
  if (c.benchmarkText) body.push(text(md`**Benchmark:** ${c.benchmarkText}`));
  if (c.commentary) body.push(text(md`**Commentary**${c.commentary.period ? ` (${c.commentary.period})` : ""}`), text(c.commentary.short, { spacing: "None" }));
  if (c.owners.length) body.push(text(`Owner: ${c.owners.map((o) => o.name).join(", ")}`, { isSubtle: true }));
  for (const flag of c.flags) body.push(text(`⚠️ ${flag}`, { color: "Warning" }));
  return card(body, cardButtons(indicatorActions(c)));
}

/** The whole commentary, for the Full commentary button. */
export function commentaryCard(c: IndicatorCard): AdaptiveCard {
  return card([text(`${c.ref} commentary${c.commentary?.period ? ` (${c.commentary.period})` : ""}`, { size: "Medium", weight: "Bolder" }), text(c.commentary?.text ?? "No commentary.")]);
}

/** Every period, for the History button. */
export function historyCard(c: IndicatorCard): AdaptiveCard {
  return card([
    text(`${c.ref} history`, { size: "Medium", weight: "Bolder" }),
    facts(c.history.map((h) => [h.period, `${h.display}${h.target ? ` (target ${h.target})` : ""}`] as [string, string])),
  ]);
}
