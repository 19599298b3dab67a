// A submission superseded while it waited for review: its message in the review channel is updated in
// place to say by whom and when, without Accept and Return, so that nobody decides on an old figure
// from it. Done right after the newer one is recorded (not waited for by the submitter); where that did
// not happen, pressing a button on the old message is refused with the same reason and updates it then.
import { parseChannel, type Outbox } from "../channels.ts";
import type { Catalogue, People, Reviews } from "../ports.ts";
import type { JobLog } from "../subscriptions.ts";
import { reviewRequest } from "./review-request.ts";

export interface SupersededShowing {
  catalogue: Catalogue;
  reviews: Reviews;
  people: People;
  outbox: Outbox;
  log: JobLog;
}

export type ShownSuperseded = "updated" | "not superseded" | "not posted" | "failed";

export async function showSuperseded(job: SupersededShowing, id: number): Promise<ShownSuperseded> {
  const submission = await job.reviews.submission(id);
  if (!submission || submission.status !== "superseded") return "not superseded";
  const channel = submission.posted ? parseChannel(submission.posted.channel) : null;
  if (!submission.posted || !channel || !job.outbox.update) return "not posted";
  const updated = await job.outbox.update(channel, submission.posted.message, await reviewRequest(job, submission));
  const log = { job: "review-superseded", submission: id, channel: submission.posted.channel };
  if (updated.kind !== "posted") {
    job.log.warn({ ...log, reason: updated.reason }, "a superseded submission's review message could not be updated; its buttons refuse with the reason");
    return "failed";
  }
  job.log.info(log, "a superseded submission's review message now says so");
  return "updated";
}
