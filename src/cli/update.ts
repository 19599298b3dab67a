// kpi update <ref> --period ... --value ... --commentary ... --as <email>: an update from the command
// line, with the rules the chat forms have (the person given with --as must be allowed to submit); someone
// else's submission awaiting review is replaced only with --replace.
import { submitUpdate } from "../core/use-cases/submit-update.ts";
import { renderText } from "../platforms/console/render-text.ts";
import { prismaCatalogue } from "../store/catalogue.ts";
import type { Db } from "../store/database.ts";
import { prismaPeople } from "../store/people.ts";
import { prismaUpdates } from "../store/updates.ts";
import { UPDATE_USAGE } from "./usage.ts";

export async function runUpdate(db: Db, args: string[], values: Record<string, unknown>, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const str = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : undefined);
  const [ref] = args;
  const as = str("as");
  if (!ref || !str("period") || !as) {
    err(`Say which indicator, which period and who you are.\nUsage:\n${UPDATE_USAGE}`);
    return 1;
  }
  const person = await prismaPeople(db).byEmail(as);
  if (!person) {
    err(`Nobody has the email ${as}: only people the bot knows may submit (kpi people add).`);
    return 3;
  }
  const outcome = await submitUpdate(prismaCatalogue(db), prismaUpdates(db), person, {
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
    return 0;
  }
  // Each problem named by the option that fixes it.
  for (const [field, message] of Object.entries(outcome.errors)) err(field === "person" ? message : `--${field}: ${message}`);
  return outcome.refused ? 3 : 2;
}
