// The submitter is told of a decision on their update, in a direct message: a return with the
// reviewer's comment and a button to submit again; an acceptance in a line. A submitter the bot
// cannot message (no Slack user or Teams personal chat, or the message failed) has a return told
// to the review channel instead, so that someone passes it on; an acceptance is only logged.
import { directChannel, parseChannel, type Outbox } from "../channels.ts";
import type { People, Reviews } from "../ports.ts";
import type { JobLog } from "../subscriptions.ts";
import type { ReviewOutcome } from "../views.ts";
import { nameOf } from "./review-request.ts";

export interface Telling {
  reviews: Reviews;
  people: People;
  outbox: Outbox;
  log: JobLog;
}

export type Told = "told" | "told the review channel" | "not told" | "not decided";

export async function tellDecision(job: Telling, id: number): Promise<Told> {
  const s = await job.reviews.submission(id);
  if (!s || s.status === "submitted" || s.status === "superseded" || !s.decision) return "not decided";
  const submitter = await job.people.byEmail(s.submittedBy).catch(() => null);
  const outcome: ReviewOutcome = {
    kind: "review_outcome",
    outcome: s.status,
    ref: s.ref,
    organisation: s.organisation,
    period: s.period,
    display: s.text,
    by: await nameOf(job.people, s.decision.by),
    note: s.decision.note,
    insteadOf: null,
  };
  const log = { job: "review-decision", submission: id, outcome: s.status };
  const direct = submitter ? directChannel(submitter) : null;
  let why: string;
  if (direct) {
    const posted = await job.outbox.post(direct, outcome);
    if (posted.kind === "posted") return "told";
    // No answer came: they may have been told, so the review channel is not told instead.
    if (posted.kind === "unknown") {
      job.log.warn({ ...log, reason: posted.reason }, `whether the submitter ${s.submittedBy} was told of the decision is not known: ${posted.reason}`);
      return "not told";
    }
    why = `the direct message could not be sent (${posted.reason})`;
  } else why = submitter ? "they have no Slack user or Teams personal chat with the bot" : "the bot does not know them (kpi people add)";

  const reviewChannel = s.reviewChannel ? parseChannel(s.reviewChannel) : null;
  if (s.status === "returned" && reviewChannel) {
    const posted = await job.outbox.post(reviewChannel, { ...outcome, insteadOf: submitter?.name ?? s.submittedBy });
    job.log.warn({ ...log, why, reviewChannel: posted.kind }, `the submitter ${s.submittedBy} could not be told of the return directly: ${why}; told the review channel instead`);
    return posted.kind === "posted" ? "told the review channel" : "not told";
  }
  job.log.warn({ ...log, why }, `the submitter ${s.submittedBy} was not told of the decision: ${why}`);
  return "not told";
}
