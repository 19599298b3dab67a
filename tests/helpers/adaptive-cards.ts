// A checker for Adaptive Cards as Teams takes them: parsed and validated with the adaptivecards package,
// under 80 KB, version 1.5, with no markdown Teams would show as typed. Shared by the card tests.
import * as AC from "adaptivecards/dist/adaptivecards.js";
import type { AdaptiveCard } from "../../src/platforms/teams/cards.ts";

const Adaptive = ((AC as unknown as { default?: typeof AC }).default ?? AC) as typeof AC;

/** Every text Teams reads as markdown: TextBlock text, fact titles and values. */
export function markdownTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(markdownTexts);
  if (!node || typeof node !== "object") return [];
  const element = node as Record<string, unknown>;
  const own = element.type === "TextBlock" ? [String(element.text)] : element.type === "FactSet" ? (element.facts as { title: string; value: string }[]).flatMap((f) => [f.title, f.value]) : [];
  return [...own, ...Object.values(element).flatMap(markdownTexts)];
}

/** What CommonMark shows for backslash-escaped punctuation: the character itself. */
export const unescape = (markdown: string) => markdown.replace(/\\([!-/:-@[-`{-~])/g, "$1");

/**
 * Markdown Teams does not render in cards, so it would show as typed: inline code, headings, tables and
 * code fences; and HTML tags, which would not show at all. Escaped characters are data, shown as written.
 */
export function unsupportedMarkdown(json: AdaptiveCard): string[] {
  const found: string[] = [];
  for (const markdown of markdownTexts(json.body)) {
    const unescaped = markdown.replace(/\\[\s\S]/g, "x");
    if (unescaped.includes("`")) found.push(`backtick: ${markdown}`);
    if (/^\s{0,3}#{1,6}(\s|$)/m.test(unescaped)) found.push(`heading: ${markdown}`);
    if (unescaped.includes("|")) found.push(`table: ${markdown}`);
    if (/^\s*(```|~~~)/m.test(unescaped)) found.push(`code fence: ${markdown}`);
    // An HTML tag, or what looks like one (<ref>): a markdown renderer drops it, as the Agents Playground does.
    if (/<[A-Za-z/!?]/.test(unescaped)) found.push(`html: ${markdown}`);
  }
  return found;
}

export function problems(json: AdaptiveCard): string[] {
  const card = new Adaptive.AdaptiveCard();
  const context = new Adaptive.SerializationContext();
  card.parse(json, context);
  const found: string[] = [];
  for (let i = 0; i < context.eventCount; i++) found.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of card.validateProperties().validationEvents) found.push(`validate: ${event.message}`);
  const size = Buffer.byteLength(JSON.stringify(json));
  if (size >= 80 * 1024) found.push(`${size} bytes`);
  if (json.version !== "1.5") found.push(`version ${json.version}`);
  found.push(...unsupportedMarkdown(json));
  return found;
}
