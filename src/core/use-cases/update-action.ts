// A key action's RAG, status and latest note, set by its owner or delegate, or by an officer or admin of
// its organisation, from the chat forms or `kpi update`. Applied at once: an action's RAG is its owner's own
// assessment, not a figure for the performance team to review. Audited with before and after.
import { holds, refusal, type PersonProfile } from "../access.ts";
import { dayAndTime, shortDate } from "../format.ts";
import { parseReportDate } from "../periods.ts";
import type { ActionRecord, ActionUpdates, Catalogue } from "../ports.ts";
import { recordedLevel } from "../ratings.ts";
import { foldKey } from "../text.ts";
import type { Notice } from "../views.ts";
import { MAX_COMMENTARY } from "./submit-update.ts";

/** The RAG an owner gives an action (the domain's levels: three-level councils use Amber), and Not rated (not due, or N/A). */
export const ACTION_RAGS = ["Green", "Green Amber", "Amber", "Red Amber", "Red", "Not rated"] as const;
/** The statuses the reports print for actions and measures of success (Completed, Overdue), and the ones between. */
export const ACTION_STATUSES = ["Not started", "On track", "Delayed", "Overdue", "Completed"] as const;
export const MAX_NOTE = MAX_COMMENTARY;

export interface ActionUpdateInput {
  ref: string;
  /** As typed or chosen; empty or left out: unchanged. */
  rag?: string;
  status?: string;
  note?: string;
  via: "slack" | "teams" | "command line";
}

export type ActionField = "rag" | "status" | "note";
export type ActionUpdateOutcome = { ok: true; notice: Notice } | { ok: false; refused: boolean; errors: Partial<Record<ActionField | "ref" | "person", string>> };

export type MayUpdateAction = { ok: true; record: ActionRecord & { ref: string } } | { ok: false; field: "ref" | "person"; reason: string };

/** The action a ref names (the person's organisation's where two share it); null where none does. */
export async function actionNamed(catalogue: Catalogue, ref: string, person: PersonProfile | null): Promise<(ActionRecord & { ref: string }) | null> {
  const found = (await catalogue.actionsByKey(foldKey(ref))).filter((a): a is ActionRecord & { ref: string } => a.ref !== null);
  return (found.length > 1 && person?.organisation ? found.find((a) => a.organisation === person.organisation) : found[0]) ?? null;
}

/** Owners and delegates any time (an action is not reported by period), officers and admins of its organisation. */
export async function mayUpdateAction(catalogue: Catalogue, person: PersonProfile | null, ref: string): Promise<MayUpdateAction> {
  const record = await actionNamed(catalogue, ref, person);
  if (!record) return { ok: false, field: "ref", reason: `There is no key action ${ref}.` };
  if (holds(person, "officer", record.organisation) || (person && record.owners.some((o) => o.email === person.email))) return { ok: true, record };
  if (!person) return { ok: false, field: "person", reason: refusal(`Updating ${record.ref}`, "officer", record.organisation, null) };
  const elsewhere = person.organisation === record.organisation || person.organisation === null ? "you are neither" : `you belong to ${person.organisation}`;
  return { ok: false, field: "person", reason: `Updating ${record.ref} needs you to own it or be its delegate, or the officer role in ${record.organisation}; ${elsewhere}.` };
}

/** A RAG as people write it ("amber", "RA", "N/A"); null where it is none of ACTION_RAGS. */
export function readRag(text: string): (typeof ACTION_RAGS)[number] | null {
  if (/^\s*(not\s*rated|n\/?a)\s*$/i.test(text)) return "Not rated";
  return recordedLevel(text);
}

const readStatus = (text: string) => ACTION_STATUSES.find((s) => s.toLowerCase() === text.trim().toLowerCase().replace(/\s+/g, " ")) ?? null;

/** "RAG Green; status On track; note: ... (4 May 2017)": an action's state for the audit trail. */
export const actionStateText = (a: { rag: string | null; status: string | null; note: string | null; noteDateText: string | null }) =>
  [a.rag && `RAG ${a.rag}`, a.status && `status ${a.status}`, a.note && `note${a.noteDateText ? ` of ${a.noteDateText}` : ""}: ${a.note}`].filter(Boolean).join("; ") || null;

/** "RAG Green · status On track", as the forms say where an action stands. */
export const standing = (a: { rag: string | null; status: string | null }): string => [a.rag && `RAG ${a.rag}`, a.status && `status ${a.status}`].filter(Boolean).join(" · ") || "Not rated yet";

const fail = (errors: Extract<ActionUpdateOutcome, { ok: false }>["errors"], refused = false): ActionUpdateOutcome => ({ ok: false, refused, errors });

export async function updateAction(catalogue: Catalogue, updates: ActionUpdates, person: PersonProfile | null, input: ActionUpdateInput, now: Date = new Date()): Promise<ActionUpdateOutcome> {
  const allowed = await mayUpdateAction(catalogue, person, input.ref);
  if (!allowed.ok) return fail({ [allowed.field]: allowed.reason }, allowed.field === "person");
  const { record } = allowed;

  const errors: Extract<ActionUpdateOutcome, { ok: false }>["errors"] = {};
  const ragTyped = input.rag?.trim() ?? "";
  const statusTyped = input.status?.trim() ?? "";
  const rag = ragTyped ? readRag(ragTyped) : record.rag;
  const status = statusTyped ? readStatus(statusTyped) : record.status;
  if (ragTyped && !rag) errors.rag = `“${ragTyped.slice(0, 40)}” is not a RAG: choose ${ACTION_RAGS.join(", ")}.`;
  if (statusTyped && !status) errors.status = `“${statusTyped.slice(0, 40)}” is not a status: choose ${ACTION_STATUSES.join(", ")}.`;
  const note = input.note?.trim() ?? "";
  if (!note) errors.note = "A latest note is required: say where the action stands.";
  else if (note.length > MAX_NOTE) errors.note = `The note is at most ${MAX_NOTE.toLocaleString("en-GB")} characters; this is ${note.length.toLocaleString("en-GB")}.`;
  if (Object.keys(errors).length) return fail(errors);

  const noteDateText = shortDate(now);
  const { recorded, at } = await updates.update({
    organisation: record.organisation,
    ref: record.ref,
    rag,
    status,
    note,
    noteDateText,
    noteDate: parseReportDate(noteDateText)!,
    by: person!.email,
    via: input.via,
  });
  const state = actionStateText({ rag, status, note: null, noteDateText: null });
  return {
    ok: true,
    notice: recorded
      ? { kind: "notice", heading: "Update recorded", lines: [`${record.ref}: ${state ? `${state}, ` : ""}latest note of ${noteDateText}.`, `Recorded ${dayAndTime(at)} from ${person!.email} via ${input.via}.`] }
      : { kind: "notice", heading: "Already recorded", lines: [`${record.ref} already reads so (changed ${dayAndTime(at)}); nothing changed.`] },
  };
}
