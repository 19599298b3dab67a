// kpi update <ref> --period ... --value ... --commentary ... --as <email>: an update from the command
// line, with the rules the chat forms have (the person given with --as must be allowed to submit); someone
// else's submission awaiting review is replaced only with --replace.
import type { Outbox } from "../core/channels.ts";
import type { Updates } from "../core/ports.ts";
import type { JobLog } from "../core/subscriptions.ts";
import { postForReview } from "../core/use-cases/post-for-review.ts";
import { submitUpdate } from "../core/use-cases/submit-update.ts";
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
  if (!ref || !str("period") || !as) {
    err(`Say which indicator, which period and who you are.\nUsage:\n${UPDATE_USAGE}`);
    return 1;
  }
  const person = await knownPerson(db, as, "submit", err);
  if (!person) return 3;
  const catalogue = prismaCatalogue(db);
  const writes = prismaUpdates(db);
  let recorded: number | null = null;
  const updates: Updates = {
    ...writes,
    submit: async (submission) => {
      const done = await writes.submit(submission);
      if (done.recorded) recorded = done.id;
      return done;
    },
  };
  const outcome = await submitUpdate(catalogue, updates, person, {
    ref,
    period: str("period")!,
    value: str("value"),
    numerator: str("numerator"),
    denominator: str("denominator"),
    commentary: str("commentary"),
    intervention: str("intervention"),
    via: "command line",
    replace: values.replace === true,
  });
  if (outcome.ok) {
    out(renderText(outcome.notice));
    // Posted to the organisation's review channel now, as from a chat form; the service's sweep posts what this could not.
    if (recorded !== null && posting) {
      const posted = await postForReview({ catalogue, reviews: prismaReviews(db), people: prismaPeople(db), claims: prismaClaims(db, "kpi command"), ...posting }, recorded);
      if (posted === "posted") out("Posted to the review channel.");
    }
    return 0;
  }
  // Each problem named by the option that fixes it.
  for (const [field, message] of Object.entries(outcome.errors)) err(field === "person" ? message : `--${field}: ${message}`);
  return outcome.refused ? 3 : 2;
}
