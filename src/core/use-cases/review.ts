// Review: officers and admins accept a submission (it becomes the period's result) or return it
// with a comment; nobody decides on their own submission. The same rules for the text command
// ("accept AC/S8 Q3 2016/17"), the review channel's buttons and the command line.
import { holds, mayRead, refusal, type PersonProfile, type Visibility } from "../access.ts";
import { clock, dayAndClock, decisionLine, shortDate } from "../format.ts";
import { parsePeriod } from "../periods.ts";
import type { Catalogue, PendingSubmission, People, Reviews, SubmissionRecord } from "../ports.ts";
import { notice, type Notice, type ReviewRequest } from "../views.ts";
import { lockedReason } from "./lock-period.ts";
import { reviewRequest } from "./review-request.ts";

/** The organisations whose submissions the asker may see: null for all of them. */
const organisationsSeen = (visibility: Visibility) => (visibility.kind === "everything" ? null : visibility.kind === "organisations" ? visibility.names : []);


export async function listPending(reviews: Reviews, visibility: Visibility): Promise<Notice> {
  const pending = await reviews.pending(organisationsSeen(visibility));
  if (!pending.length) return notice("Nothing to review", "No submission is waiting for a decision.");
  return notice(
    `${pending.length} submission${pending.length === 1 ? "" : "s"} to review`,
    ...pending.slice(0, 40).map((p) => `${p.ref} ${p.period}: ${p.text} from ${p.submittedBy} (${dayAndClock(p.at)}, via ${p.via}) — ${p.commentary.slice(0, 200)}${p.intervention ? ` · intervention: ${p.intervention.slice(0, 200)}` : ""}`),
    "Accept with “accept <ref> <period>”, or return with “return <ref> <period> <why>”.",
  );
}

type Decision = "accepted" | "returned";

/**
 * The rules every way of deciding shares (the text command, the buttons, the command line): an officer or
 * admin of the organisation, never on their own submission, a return with a comment. The refusal, or null.
 */
function refusedBecause(person: PersonProfile | null, found: PendingSubmission, decision: Decision): Notice | null {
  const verb = decision === "accepted" ? "Accepting" : "Returning";
  if (!holds(person, "officer", found.organisation)) return notice("Not allowed", refusal(`${verb} a submission`, "officer", found.organisation, person));
  if (found.submittedBy === person!.email) return notice("Not allowed", `${verb} your own submission is not allowed: another officer or admin of ${found.organisation} decides on it.`);
  // Returning changes nothing published; accepting would change the period's result.
  if (decision === "accepted" && found.locked) return notice("Period published", lockedReason(found.organisation, found.locked));
  return null;
}

/** A return says why; asked for the way the person can give it. */
const withoutComment = (decision: Decision, note: string | null, howToComment: string): Notice | null =>
  decision === "returned" && !note?.trim() ? notice("Not returned", `Say why it is returned: ${howToComment}.`) : null;

const alreadyDecided = (found: PendingSubmission) => notice("Already decided", `Someone decided on ${found.ref} ${found.period} a moment ago: see history ${found.ref}.`);

export async function decide(reviews: Reviews, person: PersonProfile | null, visibility: Visibility, request: { ref: string; period: string; decision: Decision; note: string | null; via: string }): Promise<Notice> {
  const period = parsePeriod(request.period)?.label ?? request.period.trim();
  const pending = await reviews.pending(organisationsSeen(visibility));
  const found = pending.filter((p) => p.ref.toLowerCase() === request.ref.toLowerCase() && p.period === period).at(-1);
  if (!found) return notice("Nothing to decide", `No submission for ${request.ref} ${period} is waiting for review.`);
  const refused = refusedBecause(person, found, request.decision) ?? withoutComment(request.decision, request.note, "return <ref> <period> <what to change>");
  if (refused) return refused;
  if (!(await reviews.decide(found.id, request.decision, person!.email, request.via, request.note?.trim() || null))) return alreadyDecided(found);
  return request.decision === "accepted"
    ? notice("Accepted", `${found.ref} ${found.period}: ${found.text} is now the period's result (submitted by ${found.submittedBy}).`)
    : notice("Returned", `${found.ref} ${found.period} is returned to ${found.submittedBy}: ${request.note!.trim()}`);
}

/** A refusal; where the submission is no longer waiting, `current` is it as the review channel should now show it (no buttons). */
export type Refused = { ok: false; notice: Notice; current?: ReviewRequest };

/**
 * Whether the person may make this decision on the submission a button names (before a Return asks for its
 * comment): the submission as the review channel shows it, or why not. The asker's workspace must see its
 * organisation, and it must still be waiting: a decided or superseded one is refused with what became of it.
 */
export async function mayDecide(deps: { catalogue: Catalogue; people: People; reviews: Reviews }, person: PersonProfile | null, visibility: Visibility, id: number, decision: Decision): Promise<{ ok: true; submission: SubmissionRecord } | Refused> {
  const submission = await deps.reviews.submission(id);
  if (!submission || !mayRead(visibility, submission.organisation)) return { ok: false, notice: notice("Not found", "That submission is not one this workspace sees: it may belong to another council.") };
  if (submission.status !== "submitted") {
    const current = await reviewRequest(deps, submission);
    if (current.superseded) return { ok: false, current, notice: notice("Superseded", `${submission.ref} ${submission.period}: this submission (${submission.text}) was superseded by ${current.superseded.by}'s update at ${clock(current.superseded.at)} on ${shortDate(current.superseded.at)}. Decide on the newest one: /kpi review lists it.`) };
    return { ok: false, current, notice: notice("Already decided", `${submission.ref} ${submission.period} was decided already: ${current.decision ? decisionLine(current.decision) : submission.status}.`) };
  }
  const refused = refusedBecause(person, submission, decision);
  return refused ? { ok: false, notice: refused } : { ok: true, submission };
}

/** A decision from the review channel's buttons: made under the same rules, answered with the submission as decided, or why not. */
export async function decideById(deps: { catalogue: Catalogue; people: People; reviews: Reviews }, person: PersonProfile | null, visibility: Visibility, request: { id: number; decision: Decision; note: string | null; via: string }): Promise<{ ok: true; view: ReviewRequest } | Refused> {
  const allowed = await mayDecide(deps, person, visibility, request.id, request.decision);
  if (!allowed.ok) return allowed;
  const refused = withoutComment(request.decision, request.note, "write what should change in the comment");
  if (refused) return { ok: false, notice: refused };
  // Decided or superseded a moment ago: refused as though it had been so when the button was pressed.
  if (!(await deps.reviews.decide(request.id, request.decision, person!.email, request.via, request.note?.trim() || null))) {
    const now = await mayDecide(deps, person, visibility, request.id, request.decision);
    return now.ok ? { ok: false, notice: alreadyDecided(allowed.submission) } : now;
  }
  const decided = await deps.reviews.submission(request.id);
  return { ok: true, view: await reviewRequest(deps, decided ?? allowed.submission) };
}
