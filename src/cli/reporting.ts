// kpi cycle | review | owners: the reporting year from the command line. The command line is the
// server's operator, acting as an admin of every organisation for cycles and owners; a review
// decision is someone's (--as), since nobody decides on their own submission.
import { EVERYTHING, type PersonProfile } from "../core/access.ts";
import { closeCycle, cycleStatus, openCycle } from "../core/use-cases/cycles.ts";
import type { Outbox } from "../core/channels.ts";
import type { Reviews } from "../core/ports.ts";
import type { JobLog } from "../core/subscriptions.ts";
import { decide, listPending } from "../core/use-cases/review.ts";
import { tellDecision } from "../core/use-cases/tell-decision.ts";
import { renderText } from "../platforms/console/render-text.ts";
import { prismaCatalogue } from "../store/catalogue.ts";
import type { Db } from "../store/database.ts";
import { findOrganisation } from "../store/organisations.ts";
import { prismaPeople } from "../store/people.ts";
import { setOwners } from "../store/owners.ts";
import { prismaCycles, prismaReviews } from "../store/updates.ts";
import { REPORTING_USAGE } from "./usage.ts";
import { knownPerson } from "./known-person.ts";

const OPERATOR: PersonProfile = { name: "kpi command", email: "kpi command", role: "admin", organisation: null, slackUserId: null, teamsUserId: null, owns: 0 };

type Values = Record<string, unknown>;
const str = (values: Values, key: string) => (typeof values[key] === "string" ? (values[key] as string) : undefined);

export async function runReporting(db: Db, command: string, args: string[], values: Values, out: (s: string) => void, err: (s: string) => void, posting?: { outbox: Outbox; log: JobLog }): Promise<number> {
  const catalogue = prismaCatalogue(db);
  const organisationName = async () => {
    const given = str(values, "organisation");
    if (!given) throw new Error("Say which organisation: --organisation barnet.");
    return (await findOrganisation(db, given)).name;
  };

  if (command === "cycle" && ["open", "status", "close"].includes(args[0] ?? "")) {
    const cycleCommand = { catalogue, cycles: prismaCycles(db), person: OPERATOR, organisation: await organisationName(), via: "command line" };
    if (args[0] === "open") {
      const [period] = args.slice(1);
      const due = str(values, "due");
      if (!period || !due) {
        err(`Say the period and the deadline: kpi cycle open "Q3 2016/17" --due 2017-01-20 --organisation barnet.`);
        return 1;
      }
      const opening = await openCycle(cycleCommand, period, due);
      out(renderText(opening));
      // Refused (a bad period or date, one already open): a script running this must see it failed.
      return opening.heading === "Reporting cycle open" ? 0 : 2;
    }
    const done = args[0] === "status" ? await cycleStatus(cycleCommand) : await closeCycle(cycleCommand);
    out(renderText(done));
    return done.heading === "Not closed" ? 2 : 0;
  }

  if (command === "review") {
    const stored = prismaReviews(db);
    // The submitter is told of a decision made here, as of one made in chat.
    const reviews: Reviews = {
      ...stored,
      decide: async (...decision) => {
        const decided = await stored.decide(...decision);
        if (decided && posting) {
          const told = await tellDecision({ reviews: stored, people: prismaPeople(db), ...posting }, decision[0]);
          if (told !== "told") err(`The submitter was not told directly (${told}): see the log above.`);
        }
        return decided;
      },
    };
    if (!args[0]) {
      out(renderText(await listPending(reviews, str(values, "organisation") ? { kind: "organisations", names: [await organisationName()] } : EVERYTHING)));
      return 0;
    }
    const [verb, ref] = args;
    const as = str(values, "as");
    const period = str(values, "period");
    if ((verb !== "accept" && verb !== "return") || !ref || !period || !as) {
      err(`Usage:\n${REPORTING_USAGE}`);
      return 1;
    }
    const person = await knownPerson(db, as, "decide", err);
    if (!person) return 3;
    const notice = await decide(reviews, person, EVERYTHING, { ref, period, decision: verb === "accept" ? "accepted" : "returned", note: str(values, "comment") ?? null, via: "command line" });
    out(renderText(notice));
    return notice.heading === "Accepted" || notice.heading === "Returned" ? 0 : 3;
  }

  if (command === "owners" && args[0] === "set" && args[1] && args[2]) {
    const result = await setOwners(db, args[1], { owner: args[2], delegate: str(values, "delegate") ?? null, organisation: str(values, "organisation") ?? null, by: "kpi command" });
    out(`${result.ref} (${result.organisation}): owner ${result.owner}${result.delegate ? `, delegate ${result.delegate}` : ""}.`);
    return 0;
  }
  err(`Usage:\n${REPORTING_USAGE}`);
  return 1;
}
