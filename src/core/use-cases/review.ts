// Review: officers and admins accept a submission (it becomes the period's result) or return it
// with a comment; nobody decides on their own submission.
import { holds, refusal, type PersonProfile, type Visibility } from "../access.ts";
import { parsePeriod } from "../periods.ts";
import type { Reviews } from "../ports.ts";
import { notice, type Notice } from "../views.ts";
import { lockedReason } from "./lock-period.ts";

/** The organisations whose submissions the asker may see: null for all of them. */
const organisationsSeen = (visibility: Visibility) => (visibility.kind === "everything" ? null : visibility.kind === "organisations" ? visibility.names : []);

const when = (d: Date) => d.toLocaleString("en-GB", { timeZone: "Europe/London", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

export async function listPending(reviews: Reviews, visibility: Visibility): Promise<Notice> {
  const pending = await reviews.pending(organisationsSeen(visibility));
  if (!pending.length) return notice("Nothing to review", "No submission is waiting for a decision.");
  return notice(
    `${pending.length} submission${pending.length === 1 ? "" : "s"} to review`,
    ...pending.slice(0, 40).map((p) => `${p.ref} ${p.period}: ${p.text} from ${p.submittedBy} (${when(p.at)}, via ${p.via}) — ${p.commentary.slice(0, 200)}${p.intervention ? ` · intervention: ${p.intervention.slice(0, 200)}` : ""}`),
    "Accept with “accept <ref> <period>”, or return with “return <ref> <period> <why>”.",
  );
}

export async function decide(reviews: Reviews, person: PersonProfile | null, visibility: Visibility, request: { ref: string; period: string; decision: "accepted" | "returned"; note: string | null; via: string }): Promise<Notice> {
  const period = parsePeriod(request.period)?.label ?? request.period.trim();
  const pending = await reviews.pending(organisationsSeen(visibility));
  const found = pending.filter((p) => p.ref.toLowerCase() === request.ref.toLowerCase() && p.period === period).at(-1);
  const verb = request.decision === "accepted" ? "Accepting" : "Returning";
  if (!found) return notice("Nothing to decide", `No submission for ${request.ref} ${period} is waiting for review.`);
  if (!holds(person, "officer", found.organisation)) return notice("Not allowed", refusal(`${verb} a submission`, "officer", found.organisation, person));
  if (found.submittedBy === person!.email) return notice("Not allowed", `${verb} your own submission is not allowed: another officer or admin of ${found.organisation} decides on it.`);
  // Returning changes nothing published; accepting would change the period's result.
  if (request.decision === "accepted" && found.locked) return notice("Period published", lockedReason(found.organisation, found.locked));
  if (request.decision === "returned" && !request.note?.trim()) return notice("Not returned", "Say why it is returned: return <ref> <period> <what to change>.");
  if (!(await reviews.decide(found.id, request.decision, person!.email, request.via, request.note?.trim() || null))) return notice("Already decided", `Someone decided on ${found.ref} ${found.period} a moment ago: see history ${found.ref}.`);
  return request.decision === "accepted"
    ? notice("Accepted", `${found.ref} ${found.period}: ${found.text} is now the period's result (submitted by ${found.submittedBy}).`)
    : notice("Returned", `${found.ref} ${found.period} is returned to ${found.submittedBy}: ${request.note!.trim()}`);
}
