// What the console and `kpi ask` answer: the operator of the server asks, seeing every organisation, or (kpi ask
// --slack-team …) asks as that workspace would. "whoami" says so, rather than being read as a search.
import { visibilityFor, type Asker } from "../access.ts";
import type { Catalogue } from "../ports.ts";
import type { Notice, View } from "../views.ts";
import { ask } from "./ask.ts";
import { compare, COMPARE_QUESTION, type Comparing } from "./compare.ts";
import { notLinked } from "./not-linked.ts";
import { catalogueFor } from "./visible-catalogue.ts";
import { WHOAMI_QUESTION, whatWorkspaceSees } from "./who-am-i.ts";

/** `asker`: the workspace the operator asks as; null for the operator's own view of everything. */
export async function askAsOperator(catalogue: Catalogue, text: string, asker: Asker | null = null, comparing?: Comparing): Promise<View> {
  const command = text.replace(/^\s*\/?kpi\b/i, "");
  if (WHOAMI_QUESTION.test(command)) return await operatorWhoAmI(catalogue, asker);
  const compared = comparing ? COMPARE_QUESTION.exec(command) : null;
  if (compared && comparing) {
    const visible = asker ? await catalogueFor(catalogue, asker) : catalogue;
    return visible ? await compare(visible, catalogue, comparing, compared[1]!) : notLinked(asker!);
  }
  if (!asker) return await ask(catalogue, text);
  const visible = await catalogueFor(catalogue, asker);
  return visible ? await ask(visible, text) : notLinked(asker);
}

async function operatorWhoAmI(catalogue: Catalogue, asker: Asker | null): Promise<Notice> {
  const heading = "You are the operator of this server";
  if (asker) {
    const as = asker.workspace.map((w) => `${w.kind} ${w.id}`).join(", ");
    const seen = whatWorkspaceSees(asker, visibilityFor(await catalogue.workspaceLinks(), asker), "That workspace");
    return { kind: "notice", heading, lines: [`Here you ask as ${as} would: people there are told who the bot takes them for in Slack or Teams.`, seen] };
  }
  const names = (await catalogue.organisations()).map((o) => o.name);
  return {
    kind: "notice",
    heading,
    lines: [
      `The console and kpi ask answer you as the operator, who sees every organisation: ${names.join(", ") || "none yet (kpi import or the demo data adds them)"}.`,
      "In Slack and Teams, whoami tells each person who the bot takes them for; kpi ask --slack-team <id> (or --teams-tenant) shows what a workspace sees.",
    ],
  };
}
