// kpi target | period lock|reopen | retire | unretire: the rest of the year from the command line, as
// the person given with --as (the audit names them, and their role decides what they may do).
import type { Changed } from "../core/use-cases/indicator-named.ts";
import { lockPeriod, reopenPeriod } from "../core/use-cases/lock-period.ts";
import { retireIndicator, unretireIndicator } from "../core/use-cases/retire.ts";
import { setTarget } from "../core/use-cases/set-target.ts";
import { renderText } from "../platforms/console/render-text.ts";
import { prismaCatalogue } from "../store/catalogue.ts";
import type { Db } from "../store/database.ts";
import { findOrganisation, NotFoundError } from "../store/organisations.ts";
import { prismaPeriodLocks, prismaRetirements, prismaTargets } from "../store/year-end.ts";
import { YEAR_END_USAGE } from "./usage.ts";
import { knownPerson } from "./known-person.ts";

/** As kpi update: 2 for what could not be read, 3 for what is not allowed (or not now). */
const EXIT: Record<Changed["status"], number> = { done: 0, unchanged: 0, invalid: 2, refused: 3 };

export async function runYearEnd(db: Db, command: string, args: string[], values: Record<string, unknown>, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const str = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : undefined);
  const usage = (what: string) => {
    err(`${what}\nUsage:\n${YEAR_END_USAGE}`);
    return 1;
  };
  const as = str("as");
  const locking = command === "period";
  const [first, second] = args;
  if (locking ? (first !== "lock" && first !== "reopen") || !second : !first) return usage(`Say what: kpi ${command} ${locking ? "lock|reopen <period>" : "<ref>"} ...`);
  if (command === "target" && (!str("period") || str("value") === undefined)) return usage("Say the period and the target: --period 2017/18 --value 65%.");
  if (locking && !str("organisation")) return usage(`Say which organisation: --organisation barnet.`);
  if (!as) return usage("Say who you are: --as <email>.");
  const person = await knownPerson(db, as, "change targets, periods or indicators", err);
  if (!person) return 3;
  const organisation = str("organisation") ? await findOrganisation(db, str("organisation")!).then((o) => o.name, (error: unknown) => (error instanceof NotFoundError ? error : Promise.reject(error))) : null;
  if (organisation instanceof NotFoundError) {
    err(organisation.message);
    return 2;
  }

  const via = "command line";
  const catalogue = prismaCatalogue(db);
  let outcome: Changed;
  if (locking) {
    const lockCommand = { locks: prismaPeriodLocks(db), person, organisation: organisation!, via };
    outcome = first === "lock" ? await lockPeriod(lockCommand, second!) : await reopenPeriod(lockCommand, second!);
  } else if (command === "target") outcome = await setTarget(catalogue, prismaTargets(db), person, { ref: first!, period: str("period")!, value: str("value")!, organisation, via });
  else if (command === "retire") outcome = await retireIndicator(catalogue, prismaRetirements(db), person, { ref: first!, note: str("note"), organisation, via });
  else outcome = await unretireIndicator(catalogue, prismaRetirements(db), person, { ref: first!, organisation, via });
  (outcome.status === "done" || outcome.status === "unchanged" ? out : err)(renderText(outcome.notice));
  return EXIT[outcome.status];
}
