// A submission waiting for review is posted once to its organisation's review channel, with
// Accept and Return: right after it is recorded (not waited for by the submitter), and by a sweep
// on the scheduler's tick for any left unposted (an instance stopped between the two). Both claim
// the post in the database, so it is posted once across instances; a post that failed this time
// gives its claim up, and the next sweep tries again.
import { parseChannel, type Outbox } from "../channels.ts";
import type { Catalogue, People, Reviews } from "../ports.ts";
import type { Claims, JobLog } from "../subscriptions.ts";
import { reviewRequest } from "./review-request.ts";
import { showSuperseded } from "./show-superseded.ts";

export const REVIEW_POST_JOB = "review-post";

export interface ReviewPosting {
  catalogue: Catalogue;
  reviews: Reviews;
  people: People;
  claims: Claims;
  outbox: Outbox;
  log: JobLog;
}

export type PostedForReview = "posted" | "already posted" | "not waiting" | "no review channel" | "gone" | "failed" | "unknown";

/** Posts one submission to its organisation's review channel, unless it was posted there before (claimed) or is no longer waiting. */
export async function postForReview(job: ReviewPosting, id: number): Promise<PostedForReview> {
  const submission = await job.reviews.submission(id);
  if (!submission || submission.status !== "submitted") return "not waiting";
  const channel = submission.reviewChannel ? parseChannel(submission.reviewChannel) : null;
  if (!channel) return "no review channel";
  // The slot is the channel: a review channel set anew gets what is still waiting.
  const slot = submission.reviewChannel!;
  const log = { job: REVIEW_POST_JOB, submission: id, channel: slot };
  if (!(await job.claims.claim(REVIEW_POST_JOB, slot, String(id))).won) return "already posted";
  let posted: Awaited<ReturnType<Outbox["post"]>>;
  try {
    const request = await reviewRequest(job, submission);
    // This instance's lease ran out and another took it: that one posts it.
    if (!(await job.claims.sending(REVIEW_POST_JOB, slot, String(id)))) return "already posted";
    posted = await job.outbox.post(channel, request);
  } catch (error) {
    // Building the view failed (the outbox itself never throws): give the claim up for the next sweep.
    await job.claims.release(REVIEW_POST_JOB, slot, String(id));
    throw error;
  }
  if (posted.kind === "failed") {
    await job.claims.release(REVIEW_POST_JOB, slot, String(id));
    job.log.warn({ ...log, reason: posted.reason }, "a submission could not be posted for review this time; the next sweep tries again");
    return "failed";
  }
  await job.claims.settle(REVIEW_POST_JOB, slot, String(id), posted.kind === "posted" ? "posted" : `${posted.kind}: ${posted.reason}`, posted.kind);
  if (posted.kind === "unknown") {
    job.log.error({ ...log, reason: posted.reason }, "a submission's post for review has an unknown outcome: it may have been posted, so it is not sent again; it is still listed by “review”");
    return posted.kind;
  }
  if (posted.kind === "gone") {
    job.log.warn({ ...log, reason: posted.reason }, "a submission was not posted for review: the review channel is gone (set another with kpi org set --review-channel); it is still listed by “review”");
    return posted.kind;
  }
  job.log.info(log, "submission posted for review");
  if (posted.message) {
    // Kept so that the message can say so once a newer submission supersedes this one; one that did while
    // this was posting is shown so now.
    await job.reviews.recordPost(id, slot, posted.message);
    if ((await job.reviews.submission(id))?.status === "superseded") await showSuperseded(job, id);
  }
  return posted.kind;
}

/** The sweep: every submission waiting and not yet posted to its organisation's review channel. */
export async function postUnposted(job: ReviewPosting): Promise<{ posted: number; notPosted: number }> {
  let posted = 0;
  let notPosted = 0;
  // One after another: the outboxes pace each channel anyway.
  for (const { id } of await job.reviews.unposted(REVIEW_POST_JOB)) {
    const outcome = await postForReview(job, id);
    if (outcome === "posted") posted++;
    else if (outcome === "gone" || outcome === "failed" || outcome === "unknown") notPosted++;
  }
  return { posted, notPosted };
}
