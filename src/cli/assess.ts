// kpi assess <code> --period "Q2 2017/18" --status Red [--direction Down] --note "..." --as <email>: an
// objective's assessment from the command line, with the rules the chat has (the person given with --as
// must be allowed to assess it).
import { assessObjective } from "../core/use-cases/assess-objective.ts";
import { renderText } from "../platforms/console/render-text.ts";
import { prismaCatalogue } from "../store/catalogue.ts";
import type { Db } from "../store/database.ts";
import { prismaAssessments } from "../store/objectives.ts";
import { knownPerson } from "./known-person.ts";
import { ASSESS_USAGE } from "./usage.ts";

/** 0 when recorded; each problem named by the option that fixes it, 3 for a refusal, 2 for the rest. */
export async function runAssess(db: Db, args: string[], values: Record<string, unknown>, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const str = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : undefined);
  const [code] = args;
  const as = str("as");
  if (!code || !str("period") || !str("status") || !as) {
    err(`Say which objective, which period, its status and who you are.\nUsage:\n${ASSESS_USAGE}`);
    return 1;
  }
  const person = await knownPerson(db, as, "assess", err);
  if (!person) return 3;
  const outcome = await assessObjective(prismaCatalogue(db), prismaAssessments(db), person, { code, period: str("period")!, status: str("status")!, direction: str("direction"), narrative: str("note"), via: "command line" });
  if (outcome.ok) {
    out(renderText(outcome.notice));
    return 0;
  }
  const option: Record<string, string> = { narrative: "note" };
  for (const [field, message] of Object.entries(outcome.errors)) err(field === "person" || field === "code" ? message! : `--${option[field] ?? field}: ${message}`);
  return outcome.refused ? 3 : 2;
}
