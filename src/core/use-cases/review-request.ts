// A submission as the review channel shows it (waiting, with the rating its figure would have; or decided),
// for the post, the sweep, a superseded submission's update and the review list alike.
import { ratingIfResult } from "../indicator-card.ts";
import { parsePeriod } from "../periods.ts";
import type { Catalogue, People, SubmissionRecord } from "../ports.ts";
import { foldKey } from "../text.ts";
import type { RatingView, ReviewRequest } from "../views.ts";

/** A person's name where the bot knows them, else what was recorded (their email). */
export const nameOf = async (people: People, email: string): Promise<string> => (await people.byEmail(email).catch(() => null))?.name ?? email;

/** The rating the submitted figure would have for its period, as the card would compute it once accepted. */
async function wouldBeRated(catalogue: Catalogue, s: SubmissionRecord): Promise<{ title: string; rating: RatingView | null }> {
  const record = (await catalogue.indicatorsByKey(foldKey(s.ref))).find((r) => r.organisation === s.organisation);
  const period = parsePeriod(s.period);
  if (!record || !period) return { title: record?.title ?? "", rating: null };
  return { title: record.title, rating: ratingIfResult(record, period, { text: s.text, value: s.value }) };
}

/** The submission as the review channel shows it: waiting (with Accept and Return), or decided. */
export async function reviewRequest(deps: { catalogue: Catalogue; people: People }, s: SubmissionRecord): Promise<ReviewRequest> {
  const [{ title, rating }, submittedBy, decidedBy, supersededBy] = await Promise.all([
    wouldBeRated(deps.catalogue, s),
    nameOf(deps.people, s.submittedBy),
    s.decision ? nameOf(deps.people, s.decision.by) : Promise.resolve(""),
    s.superseded ? nameOf(deps.people, s.superseded.by) : Promise.resolve(""),
  ]);
  return {
    kind: "review",
    id: s.id,
    ref: s.ref,
    title,
    organisation: s.organisation,
    period: s.period,
    display: s.text,
    rating,
    commentary: s.commentary,
    intervention: s.intervention,
    submittedBy,
    at: s.at,
    via: s.via,
    decision: s.decision && (s.status === "accepted" || s.status === "returned") ? { outcome: s.status, by: decidedBy, at: s.decision.at, note: s.decision.note } : null,
    superseded: s.status === "superseded" && s.superseded ? { by: supersededBy, at: s.superseded.at } : null,
  };
}
