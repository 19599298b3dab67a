// Slack's documented Block Kit limits as a checker, shared by the tests of every message the bot renders.
import { LIMITS } from "../../src/platforms/slack/blocks.ts";

export type Json = Record<string, unknown>;

/** Every breach of a documented limit in a list of blocks. */
export function breaches(blocks: Json[], maxBlocks: number): string[] {
  const found: string[] = [];
  if (blocks.length > maxBlocks) found.push(`${blocks.length} blocks > ${maxBlocks}`);
  const text = (t: unknown) => ((t as Json | undefined)?.text as string | undefined) ?? "";
  const checkButton = (b: Json) => {
    if (text(b.text).length > LIMITS.buttonText) found.push(`button text ${text(b.text).length}`);
    if (typeof b.value === "string" && b.value.length > LIMITS.buttonValue) found.push(`button value ${b.value.length}`);
    if (typeof b.action_id !== "string" || !b.action_id) found.push("button without action_id");
  };
  for (const block of blocks) {
    if (block.type === "header" && text(block.text).length > LIMITS.header) found.push(`header ${text(block.text).length}`);
    if (block.type === "section") {
      if (text(block.text).length > LIMITS.sectionText) found.push(`section ${text(block.text).length}`);
      const fields = (block.fields as Json[] | undefined) ?? [];
      if (fields.length > LIMITS.fields) found.push(`${fields.length} fields`);
      for (const f of fields) if (text(f).length > LIMITS.fieldText) found.push(`field ${text(f).length}`);
      if (!block.text && !fields.length) found.push("empty section");
      if (block.accessory) checkButton(block.accessory as Json);
    }
    if (block.type === "context" && ((block.elements as Json[]).length > LIMITS.contextElements || (block.elements as Json[]).length === 0)) found.push("context elements");
    if (block.type === "actions") {
      const elements = block.elements as Json[];
      if (elements.length === 0 || elements.length > 25) found.push(`${elements.length} actions`);
      elements.forEach(checkButton);
      const ids = elements.map((e) => `${e.action_id}:${e.value}`);
      if (new Set(ids).size !== ids.length) found.push("duplicate buttons");
    }
  }
  return found;
}

/** Every mrkdwn text in a message: what Slack reads as markup. */
export function mrkdwnTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(mrkdwnTexts);
  if (!node || typeof node !== "object") return [];
  const o = node as Json;
  return [...(o.type === "mrkdwn" ? [o.text as string] : []), ...Object.values(o).flatMap(mrkdwnTexts)];
}
