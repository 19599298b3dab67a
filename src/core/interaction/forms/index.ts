// Every form the bot has, and finding what one is asked for: `update AC/S8`, a card's Submit update, a
// dialog's button. The platforms open, draw and read forms only through these.
import { foldKey } from "../../text.ts";
import type { IndicatorList, View } from "../../views.ts";
import { ask } from "../../use-cases/ask.ts";
import { problem, type Problem } from "../outcome.ts";
import { actionForm } from "./action.ts";
import { assessForm } from "./assess.ts";
import type { AnyFormHandler, FormCommand, FormFiller, FormName, FormServices } from "./form-handler.ts";
import { targetForm } from "./target.ts";
import { updateForm } from "./update.ts";

export type * from "./form-handler.ts";

/** In the order a command tries them: `update CG01` is a key action's form where CG01 is no indicator. */
export const FORM_HANDLERS: readonly AnyFormHandler[] = [updateForm, actionForm, targetForm, assessForm];

export const formNamed = (name: FormName): AnyFormHandler => FORM_HANDLERS.find((h) => h.name === name)!;
const formsFor = (command: FormCommand) => FORM_HANDLERS.filter((h) => h.command === command);

/**
 * What a request for a form found: the form and its subject (the filler may use it), why not, a reference
 * several organisations use (the asker says which), or something the form is not for.
 */
export type FormFinding =
  | { kind: "found"; handler: AnyFormHandler; subject: unknown }
  | { kind: "refused"; problem: Problem }
  | { kind: "which"; list: IndicatorList }
  | { kind: "not_this"; found: View; what: string; example: string };

/**
 * The form `command` opens for what `asked` names, as the filler's workspace sees it. `checkWho`: whether to
 * refuse someone not known yet (a platform that learns who they are only after opening checks again then).
 */
export async function findForm(filler: FormFiller, services: FormServices, command: FormCommand, asked: string, checkWho = true): Promise<FormFinding> {
  const [first] = formsFor(command);
  if (!asked.trim()) return { kind: "refused", problem: problem("invalid", `Say which one: ${command} ${first!.example}`) };
  const unavailable = first!.unavailable(services);
  if (unavailable) return { kind: "refused", problem: problem("unavailable", unavailable) };
  const found = await ask(filler.visible, asked);
  for (const handler of formsFor(command)) {
    const subject = handler.pick(found, services);
    if (subject === null) continue;
    const refused = filler.person || checkWho ? await handler.refusal(filler, services, subject) : null;
    return refused ? { kind: "refused", problem: problem("not_allowed", refused) } : { kind: "found", handler, subject };
  }
  // A reference several organisations use: never the first of them, but the asker says which.
  if (first!.perOrganisation && sameReference(found)) return { kind: "which", list: found };
  return { kind: "not_this", found, what: first!.what(services), example: first!.example };
}

const sameReference = (found: View): found is IndicatorList =>
  found.kind === "list" && found.items.length > 1 && found.items.every((i) => foldKey(i.ref) === foldKey(found.items[0]!.ref));
