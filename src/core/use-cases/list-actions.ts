// Lists key actions, commissioning intentions and measures of success; overdue
// ones are those the report marks Overdue, or past their due date and not completed.
import { pageOf } from "../paging.ts";
import type { ActionRecord, Catalogue, ServiceRecord } from "../ports.ts";
import type { ActionList } from "../views.ts";
import { rememberUntilNextDue } from "./remember-actions.ts";

export function isOverdue(a: ActionRecord, today: Date): boolean {
  if (/^overdue$/i.test(a.status ?? "")) return true;
  return a.dueDate !== null && a.dueDate < today && !/^(completed?|met|done)$/i.test(a.status ?? "");
}

export async function listActions(
  catalogue: Catalogue,
  request: { text: string; overdue: boolean; words: string[]; page: number },
  services: ServiceRecord[],
  today: Date,
): Promise<ActionList> {
  const all = await catalogue.actions(services.length ? { serviceIds: services.map((s) => s.id) } : {});
  const matching = rememberUntilNextDue(all, JSON.stringify([request.overdue, request.words]), today, () =>
    all.filter((a) => !request.overdue || isOverdue(a, today)).filter((a) => request.words.every((w) => `${a.ref ?? ""} ${a.title}`.toLowerCase().includes(w))),
  );
  const page = pageOf(matching, request.page);
  const scope = services.length ? ` · ${services.map((s) => s.name).join(", ")}` : "";
  return {
    kind: "actions",
    heading: `${page.total} ${request.overdue ? "overdue " : ""}action${page.total === 1 ? "" : "s"}${scope}`,
    items: page.items.map((a) => ({ kind: a.kind, ref: a.ref, title: a.title, organisation: a.organisation, service: a.service, rag: a.rag, status: a.status, due: a.dueText, note: a.note, noteDate: a.noteDateText })),
    page: page.page,
    pageCount: page.pageCount,
    total: page.total,
    query: request.text,
  };
}
