// Slack modals as the tests read them: every breach of Slack's limits for a modal, an input by its label,
// and the view filled in as Slack sends it back on submission. Shared by the form tests.
import { LIMITS } from "../../src/platforms/slack/blocks.ts";
import { breaches, type Json } from "./block-kit.ts";
import type { SubmittedValue } from "./fake-slack.ts";

/** Every breach of Slack's documented limits for a modal: its own, its blocks' and its inputs'. */
export function modalBreaches(view: Json): string[] {
  const found = breaches((view.blocks as Json[]) ?? [], LIMITS.surfaceBlocks);
  const text = (t: unknown) => ((t as Json | undefined)?.text as string | undefined) ?? "";
  if (view.type !== "modal") found.push(`type ${String(view.type)}`);
  for (const part of ["title", "submit", "close"]) if (text(view[part]).length > 24) found.push(`${part} ${text(view[part]).length} > 24`);
  if (!text(view.title)) found.push("no title");
  if (typeof view.private_metadata === "string" && view.private_metadata.length > 3000) found.push(`private_metadata ${view.private_metadata.length}`);
  const inputs = ((view.blocks as Json[]) ?? []).filter((b) => b.type === "input");
  if (inputs.length && !view.submit) found.push("input blocks without submit");
  const ids = inputs.map((b) => b.block_id);
  if (new Set(ids).size !== ids.length) found.push("duplicate block_id");
  for (const block of inputs) {
    const element = block.element as Json;
    if (text(block.label).length === 0 || text(block.label).length > 2000) found.push(`label of ${String(block.block_id)}`);
    if (text(block.hint).length > 2000) found.push(`hint of ${String(block.block_id)}`);
    if (typeof element.action_id !== "string" || !element.action_id) found.push(`input ${String(block.block_id)} without action_id`);
    if (element.type === "plain_text_input" && (typeof element.max_length !== "number" || element.max_length > 3000)) found.push(`plain_text_input ${String(block.block_id)} max_length`);
    if (element.type === "plain_text_input" && typeof element.initial_value === "string" && element.initial_value.length > 3000) found.push(`initial_value of ${String(block.block_id)}`);
    if (element.type === "number_input" && typeof element.is_decimal_allowed !== "boolean") found.push(`number_input ${String(block.block_id)} without is_decimal_allowed`);
  }
  return found;
}

/** An input of the modal, by its label: its ids and element. */
export function inputOf(view: Json, label: string): { blockId: string; actionId: string; type: string; element: Json } {
  const block = (view.blocks as Json[]).find((b) => b.type === "input" && (b.label as Json).text === label);
  if (!block) throw new Error(`no input labelled ${label}`);
  const element = block.element as Json;
  return { blockId: block.block_id as string, actionId: element.action_id as string, type: element.type as string, element };
}

/** A select's option as Slack sends it back, chosen by its label or value; null for none. */
function chosen(element: Json, typed: string | undefined): SubmittedValue["selected_option"] {
  if (typed === undefined) return null;
  const option = (element.options as { text: { text: string }; value: string }[]).find((o) => o.text.text === typed || o.value === typed);
  if (!option) throw new Error(`no option ${typed}`);
  return { text: { type: "plain_text", text: option.text.text }, value: option.value };
}

/** The view as Slack sends it back: every input of the form, filled by label where given (a select by its option's label or value), empty (null) otherwise. */
export function filled(view: Json, typed: Record<string, string>): { callback_id: string; private_metadata?: string; values: Record<string, Record<string, SubmittedValue>> } {
  const values: Record<string, Record<string, SubmittedValue>> = {};
  for (const block of (view.blocks as Json[]).filter((b) => b.type === "input")) {
    const { blockId, actionId, type, element } = inputOf(view, (block.label as Json).text as string);
    const given = typed[(block.label as Json).text as string];
    values[blockId] = { [actionId]: type === "static_select" ? { type, selected_option: chosen(element, given) } : { type, value: given ?? null } };
  }
  for (const label of Object.keys(typed)) inputOf(view, label);
  return { callback_id: view.callback_id as string, private_metadata: view.private_metadata as string | undefined, values };
}
