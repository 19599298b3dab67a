// An indicator's card as Block Kit: its figure and rating in words, trend, commentary and buttons; its History
// and Full commentary; a picture from a public address.
import { directionWords, notApplicable, ratingMark as emojiFor } from "../../core/format.ts";
import { indicatorActions } from "../../core/card-actions.ts";
import { figureMove } from "../../core/ratings.ts";
import { truncate } from "../../core/text.ts";
import type { IndicatorCard, RatingView } from "../../core/views.ts";
import { type Block, type Button, LIMITS, escape, mention, section, header, context, actions, cardButtons } from "./block-kit.ts";

function ratingText(rating: RatingView, recorded: string | null): string {
  const base = `${emojiFor(rating.level)} *${rating.level}*`;
  return `${base}${recorded ? ` (reported: ${escape(recorded)})` : ""}`;
}

export function indicatorBlocks(c: IndicatorCard, extraButtons: Button[] = []): Block[] {
  const blocks: Block[] = [header(`${c.ref} ${c.title}`)];
  // A header holds 150 characters: a longer title is given whole below it.
  if (`${c.ref} ${c.title}`.length > LIMITS.header) blocks.push(section(`*${escape(c.title)}*`));
  blocks.push(context(escape([c.organisation, c.service, c.polarityText, c.codes.length ? c.codes.join(", ") : null].filter(Boolean).join(" · "))));
  const l = c.latest;
  if (!l) blocks.push(section("_No results reported yet._"));
  else {
    const fraction = l.numerator !== null && l.denominator !== null ? ` (${l.numerator}/${l.denominator})` : "";
    const target = !l.target
      ? " (no target for this period)"
      : l.target.toDateNote
        ? ` against *${escape(l.target.display)}* to date (${escape(l.target.toDateNote)})`
        : l.target.annualNote
        ? ` against the annual target *${escape(l.target.display)}* (${escape(l.target.annualNote)})`
        : ` against target *${escape(l.target.display)}*`;
    blocks.push(section(`${emojiFor(l.rating.level)} *${escape(l.display)}*${fraction}${target} · ${escape(l.period)}`));
    const fields = [
      `*Rating*\n${ratingText(l.rating, l.ratingRecorded)}\n${escape(l.rating.reason)}`,
      `*Direction of travel*\nShort term: ${l.dotShort ? directionWords(l.dotShort, figureMove(l.value, l.previous?.value)) : escape(notApplicable(l.dotShortWhyNot))}${l.dotShortRecorded ? ` (reported: ${escape(l.dotShortRecorded)})` : ""}\nLong term: ${l.dotLong ? directionWords(l.dotLong, figureMove(l.value, l.yearBefore?.value)) : escape(notApplicable(l.dotLongWhyNot))}${l.dotLongRecorded ? ` (reported: ${escape(l.dotLongRecorded)})` : ""}`,
    ];
    if (l.previous) fields.push(`*Previous* (${escape(l.previous.period)})\n${escape(l.previous.display)}`);
    if (l.yearBefore) fields.push(`*A year before* (${escape(l.yearBefore.period)})\n${escape(l.yearBefore.display)}`);
    if (l.annualTarget) fields.push(`*Annual target* (${escape(l.annualTarget.period)})\n${escape(l.annualTarget.display)}`);
    blocks.push({ type: "section", fields: fields.slice(0, LIMITS.fields).map((f) => ({ type: "mrkdwn" as const, text: truncate(f, LIMITS.fieldText) })) });
  }
  const { periods: trend, spark, note } = c.trend;
  if (trend.length > 1) {
    // Where the bars do not start at zero, they say where they start ("from 18%").
    blocks.push(section(`*Trend*${spark ? `  \`${spark}\`${note ? ` ${note}` : ""}` : ""}\n${trend.map((h) => `${escape(h.period)}: ${escape(h.display)}`).join(" · ")}`));
  }
  if (c.benchmarkText) blocks.push(section(`*Benchmark*\n${escape(c.benchmarkText)}`));
  if (c.commentary) blocks.push(section(`*Commentary*${c.commentary.period ? ` (${escape(c.commentary.period)})` : ""}\n${escape(c.commentary.short)}`));
  if (c.owners.length) blocks.push(context(`Owner: ${c.owners.map((o) => (o.slackUserId ? mention(o.slackUserId) : escape(o.name))).join(", ")}`));
  for (const flag of c.flags) blocks.push(context(`⚠️ ${escape(flag)}`));
  blocks.push(actions(...cardButtons(indicatorActions(c)), ...extraButtons));
  return blocks;
}

/** A picture shown from a public address (Slack fetches it when the message is posted), with its title and alt text. */
export function imageBlock(url: string, title: string, alt: string): Block {
  return { type: "image", image_url: url, alt_text: truncate(alt, 2000), title: { type: "plain_text", text: truncate(title, 2000) } };
}

/** Every period, for the History button. */
export function historyBlocks(c: IndicatorCard): Block[] {
  const rows = c.history.map((h) => `${escape(h.period)}: *${escape(h.display)}*${h.target ? ` (target ${escape(h.target)})` : ""}`);
  const blocks: Block[] = [header(`${c.ref} history`)];
  // Sections of at most 3,000 characters.
  let chunk = "";
  for (const row of rows) {
    if (chunk.length + row.length + 1 > LIMITS.sectionText) {
      blocks.push(section(chunk));
      chunk = "";
    }
    chunk = chunk ? `${chunk}\n${row}` : row;
  }
  if (chunk) blocks.push(section(chunk));
  return blocks.slice(0, LIMITS.messageBlocks);
}

/** The whole commentary, for the Full commentary button. */
export function commentaryBlocks(c: IndicatorCard): Block[] {
  const text = escape(c.commentary?.text ?? "No commentary.");
  const blocks: Block[] = [header(`${c.ref} commentary${c.commentary?.period ? ` (${c.commentary.period})` : ""}`)];
  for (let i = 0; i < text.length && blocks.length < LIMITS.messageBlocks; i += LIMITS.sectionText - 100) {
    blocks.push(section(text.slice(i, i + LIMITS.sectionText - 100)));
  }
  return blocks;
}
