// The write side of key actions: RAG, status and latest note set at once, with the audit entry and the
// data version in the same transaction.
import type { ActionUpdates } from "../core/ports.ts";
import { foldKey } from "../core/text.ts";
import { actionStateText } from "../core/use-cases/update-action.ts";
import { recordChanges } from "./data-version.ts";
import { retryWhenLocked, type Db } from "./database.ts";
import { WRITER_WAIT } from "./updates.ts";

export function prismaActionUpdates(db: Db): ActionUpdates {
  return {
    update: (c) =>
      retryWhenLocked(() =>
        db.$transaction(async (tx) => {
          const org = await tx.organisation.findFirstOrThrow({ where: { name: c.organisation } });
          const find = () => tx.action.findFirstOrThrow({ where: { organisationId: org.id, refKey: foldKey(c.ref) }, orderBy: { id: "asc" } });
          // Changed only from what was read: a writer that got there first (the same request retried, most
          // likely) is read again rather than overwritten unseen.
          for (let attempt = 1; ; attempt++) {
            const before = await find();
            if (before.rag === c.rag && before.status === c.status && before.note === c.note) {
              const last = await tx.auditEntry.findFirst({ where: { organisationId: org.id, subjectKind: "action", subject: before.ref! }, orderBy: { id: "desc" }, select: { at: true } });
              return { recorded: false, at: last?.at ?? before.noteDate ?? new Date() };
            }
            const { count } = await tx.action.updateMany({
              where: { id: before.id, rag: before.rag, status: before.status, note: before.note },
              data: { rag: c.rag, status: c.status, note: c.note, noteDateText: c.noteDateText, noteDate: c.noteDate },
            });
            if (!count) {
              if (attempt < 3) continue;
              throw new Error(`${c.ref} kept changing under this update; try again.`);
            }
            const changed = [before.rag !== c.rag && "RAG", before.status !== c.status && "status", before.note !== c.note && "latest note"].filter(Boolean).join(", ").replace(/, (?=[^,]*$)/, " and ");
            const entry = await tx.auditEntry.create({
              data: { organisationId: org.id, subjectKind: "action", subject: before.ref!, action: `${changed} updated`, before: actionStateText(before), after: actionStateText({ ...c }), by: c.by, via: c.via },
            });
            await recordChanges(tx, [{ kind: "action", organisationId: org.id, subjectId: before.id }]);
            return { recorded: true, at: entry.at };
          }
        }, WRITER_WAIT),
      ),
  };
}
