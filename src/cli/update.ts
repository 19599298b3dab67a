// kpi update <ref> --period ... --value ... --commentary ... --as <email>: an update from the command
// line, with the rules the chat forms have (the person given with --as must be allowed to submit); someone
// else's submission awaiting review is replaced only with --replace. For a key action's ref:
// kpi update CG01 [--rag Amber] [--status "On track"] --note "..." --as <email>, applied at once.
import type { Outbox } from "../core/channels.ts";
import type { Updates } from "../core/ports.ts";
import type { Notice } from "../core/views.ts";
import type { JobLog } from "../core/subscriptions.ts";
import { postForReview } from "../core/use-cases/post-for-review.ts";
import { showSuperseded } from "../core/use-cases/show-superseded.ts";
import { submitUpdate } from "../core/use-cases/submit-update.ts";
import { actionNamed, updateAction } from "../core/use-cases/update-action.ts";
import { organisationCalled } from "../core/services.ts";
import { foldKey } from "../core/text.ts";
import { prismaActionUpdates } from "../store/action-updates.ts";
import { renderText } from "../platforms/console/render-text.ts";
import { prismaCatalogue } from "../store/catalogue.ts";
import type { Db } from "../store/database.ts";
import { prismaPeople } from "../store/people.ts";
import { prismaClaims } from "../store/subscriptions.ts";
import { prismaReviews, prismaUpdates } from "../store/updates.ts";
import { UPDATE_USAGE } from "./usage.ts";
import { knownPerson } from "./known-person.ts";

export async function runUpdate(db: Db, args: string[], values: Record<string, unknown>, out: (s: string) => void, err: (s: string) => void, posting?: { outbox: Outbox; log: JobLog }): Promise<number> {
  const str = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : undefined);
  const [ref] = args;
  const as = str("as");
  const catalogue = prismaCatalogue(db);
  // A ref no indicator has but a key action does: its RAG, status and note.
  if (ref && as && !(await catalogue.indicatorsByKey(foldKey(ref))).length && (await actionNamed(catalogue, ref, null))) {
    const person = await knownPerson(db, as, "update", err);
    if (!person) return 3;
    const outcome = await updateAction(catalogue, prismaActionUpdates(db), person, { ref, rag: str("rag"), status: str("status"), note: str("note"), via: "command line" });
    return reported(outcome, out, err);
  }
  if (!ref || !str("period") || !as) {
    err(`Say which indicator, which period and who you are.\nUsage:\n${UPDATE_USAGE}`);
    return 1;
  }
  // --organisation (slug or name): which council's indicator, where two use the ref.
  const organisationAsked = str("organisation");
  const organisation = organisationAsked ? organisationCalled(await catalogue.organisations(), organisationAsked) : null;
  if (organisationAsked && !organisation) {
    err(`There is no organisation “${organisationAsked}”: give its short name (kpi org list) or its name.`);
    return 2;
  }
  const person = await knownPerson(db, as, "submit", err);
  if (!person) return 3;
  const writes = prismaUpdates(db);
  let recorded: { id: number; superseded: number[] } | null = null;
  const updates: Updates = {
    ...writes,
    submit: async (submission) => {
      const done = await writes.submit(submission);
      if (done.recorded) recorded = done;
      return done;
    },
  };
  const outcome = await submitUpdate(catalogue, updates, person, {
    ref,
    organisation: organisation?.name ?? null,
    period: str("period")!,
    value: str("value"),
    numerator: str("numerator"),
    denominator: str("denominator"),
    commentary: str("commentary"),
    intervention: str("intervention"),
    via: "command line",
    replace: values.replace === true,
    ...(values.confirm === true ? { confirmed: true as const } : {}),
  });
  if (outcome.ok) {
    out(renderText(outcome.notice));
    // Posted to the organisation's review channel now, as from a chat form; the service's sweep posts what this could not.
    const done = recorded as { id: number; superseded: number[] } | null;
    if (done && posting) {
      const job = { catalogue, reviews: prismaReviews(db), people: prismaPeople(db), claims: prismaClaims(db, "kpi command"), ...posting };
      const posted = await postForReview(job, done.id);
      if (posted === "posted") out("Posted to the review channel.");
      // The messages of the submissions it superseded say so, without their buttons.
      for (const older of done.superseded) await showSuperseded(job, older);
    }
    return 0;
  }
  return reported(outcome, out, err);
}

/** What an update came to: 0 when recorded; each problem named by the option that fixes it, 3 for a refusal, 2 for the rest. */
function reported(outcome: { ok: true; notice: Notice } | { ok: false; refused: boolean; errors: Record<string, string | undefined> }, out: (s: string) => void, err: (s: string) => void): number {
  if (outcome.ok) {
    out(renderText(outcome.notice));
    return 0;
  }
  for (const [field, message] of Object.entries(outcome.errors)) err(field === "person" ? message! : `--${field}: ${message}`);
  return outcome.refused ? 3 : 2;
}
