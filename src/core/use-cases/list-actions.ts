// Lists key actions, commissioning intentions and measures of success; overdue
// ones are those the report marks Overdue, or past their due date and not completed.
import { pageOf } from "../paging.ts";
import type { ActionRecord, Catalogue } from "../ports.ts";
import { catalogueScope, inScope, scopeText, type Scope } from "../services.ts";
import { wordsIn, wordsNeeded } from "../text.ts";
import type { ActionList } from "../views.ts";
import { wordsNeededText } from "./list-indicators.ts";
import { rememberUntilNextDue } from "./remember-actions.ts";

export function isOverdue(a: ActionRecord, today: Date): boolean {
  if (/^overdue$/i.test(a.status ?? "")) return true;
  return a.dueDate !== null && a.dueDate < today && !/^(completed?|met|done)$/i.test(a.status ?? "");
}

export interface ActionRequest {
  text: string;
  overdue: boolean;
  scope: Scope;
  scopeQuery: string;
  titleWords: string[];
  page: number;
}

/** The actions of the scope (overdue ones if asked) with enough of the words, most words first, in report order. */
export async function matchingActions(catalogue: Catalogue, request: Omit<ActionRequest, "text" | "page" | "scopeQuery">, today: Date): Promise<ActionRecord[]> {
  const needed = wordsNeeded(request.titleWords.length);
  const all = await catalogue.actions(catalogueScope(request.scope));
  // The same records and request give the same list until today passes another due date.
  return rememberUntilNextDue(all, JSON.stringify([request.scope, request.overdue, request.titleWords]), today, () =>
    all
      .filter((a) => inScope(request.scope, a) && (!request.overdue || isOverdue(a, today)))
      .map((action) => ({ action, matched: wordsIn(`${action.ref ?? ""} ${action.title}`.toLowerCase(), request.titleWords) }))
      .filter((m) => m.matched >= needed)
      .sort((a, b) => b.matched - a.matched)
      .map((m) => m.action),
  );
}

/** "overdue actions · Family Services · mentioning “care”": what a list of actions is asked for. */
export function describeActions(request: Omit<ActionRequest, "text" | "page" | "scopeQuery">, total: number): string {
  const where = scopeText(request.scope);
  return [`${request.overdue ? "overdue " : ""}action${total === 1 ? "" : "s"}`, where, request.titleWords.length ? `mentioning ${wordsNeededText(request.titleWords)}` : null].filter(Boolean).join(" · ");
}

/** A page of the actions that match; an empty list when none do (ask says why). `notice` says why actions answer a question. */
export async function listActions(catalogue: Catalogue, request: ActionRequest, today: Date, notice: string | null = null): Promise<ActionList> {
  const page = pageOf(await matchingActions(catalogue, request, today), request.page);
  return {
    kind: "actions",
    heading: `${page.total} ${describeActions(request, page.total)}`,
    items: page.items.map((a) => ({ kind: a.kind, ref: a.ref, title: a.title, organisation: a.organisation, service: a.service, rag: a.rag, status: a.status, due: a.dueText, note: a.note, noteDate: a.noteDateText })),
    page: page.page,
    pageCount: page.pageCount,
    total: page.total,
    query: request.text,
    notice: page.notice ?? notice,
  };
}
