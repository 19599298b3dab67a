// Records an owner's or officer's update: a result for a period and its commentary, checked
// (who may submit, a readable number, commentary, an intervention when it misses target) and
// kept as a provisional submission with an audit entry. The chat forms and `kpi update` share it.
import { createHash, randomUUID } from "node:crypto";
import type { PersonProfile } from "../access.ts";
import { fractionContradiction, holdable, printedUnit, readTypedNumber, unitContradiction, unusualFigures } from "../figure-checks.ts";
import { clock, dayAndClock, dayAndTime } from "../format.ts";
import { buildIndicatorCard, ratingIfResult } from "../indicator-card.ts";
import { notBegun, tooLongBefore } from "../period-checks.ts";
import { parsePeriod } from "../periods.ts";
import type { Catalogue, IndicatorRecord, LatestSubmission, Updates } from "../ports.ts";
import type { Notice } from "../views.ts";
import { lockedReason } from "./lock-period.ts";
import { mayUpdate, outsidePeriod } from "./may-update.ts";

export interface UpdateInput {
  ref: string;
  /** The organisation whose indicator it is: a form's (it was opened for that one), so a ref two councils use is not taken for the other's. */
  organisation?: string | null;
  period: string;
  /** As typed: checked here, as any platform's form or the command line passes it. */
  value?: string;
  numerator?: string;
  denominator?: string;
  commentary?: string;
  intervention?: string;
  via: "slack" | "teams" | "command line";
  /**
   * A form's: the id of its opening, as startForm recorded it ("" for a form that carries none). The server's record
   * says what the form has shown: someone else's newer submission is shown to the submitter instead of being
   * replaced unseen. It is also the request: the same opening sending the same update twice records it once.
   * Left out by the command line, whose every run is a request of its own and which has --replace.
   */
  opening?: string;
  /** The command line's: replace someone else's submission awaiting review. */
  replace?: boolean;
  /**
   * Unusual figures (over 100%, negative, a numerator above its denominator) confirmed: a form's, the `confirm`
   * of the answer that asked (the same figures submitted again); the command line's --confirm, true.
   */
  confirmed?: string | true;
  /** The day it is, for which periods have begun: the real one unless a test says otherwise. */
  today?: Date;
}

export type UpdateOutcome =
  | { ok: true; notice: Notice }
  /** opening: the form's new opening, having shown the other submission, for it to carry from here (a second submit then records). */
  /** confirm: the figures asked about as unusual, for the form to carry as `confirmed` (a second submit of the same figures records). */
  | { ok: false; refused: boolean; errors: Partial<Record<UpdateProblemField, string>>; opening?: string; confirm?: string };

/** Where a problem belongs: an input, who is asking, or the form's view of the period ("seen": someone else's submission it had not shown). */
export type UpdateProblemField = keyof UpdateInput | "person" | "seen";

export const MAX_COMMENTARY = 3000;

/** "64.1" as the indicator prints its figures: "64.1%", "8.35 days", "£7.3m" stays a number with its unit. */
function asPrinted(value: number, typed: string, record: IndicatorRecord): string {
  const unit = printedUnit(record);
  // Without a leading "+" or a trailing point ("+5", "5."): the result's value is read back from this text.
  const digits = typed.trim().replace(/[%,£\s]/g, "").replace(/^\+/, "").replace(/\.$/, "") || String(value);
  return unit === "%" ? `${digits}%` : unit === "days" ? `${digits} days` : unit === "£" ? `£${digits}` : digits;
}

/**
 * Two editors: a form that opened before someone else's submission for the period says what that one was
 * (and, opened anew as having shown it, records on its next submit); the command line, which opened nothing,
 * leaves someone else's awaiting review alone unless told to replace it. One's own submission stands in
 * nobody's way. The problem, or null: nothing stands in the way.
 */
function secondEditor(other: LatestSubmission, input: UpdateInput, by: string, seen: number): { message: string; field: "seen" | "replace" } | null {
  if (other.by === by) return null;
  const who = other.byName ?? other.by;
  if (input.opening !== undefined) {
    if (other.id <= seen) return null;
    return { field: "seen", message: `${who} submitted ${other.text} at ${clock(other.at)} after you opened this form: submit again to replace it with yours.` };
  }
  if (input.replace || other.status !== "submitted") return null;
  return { field: "replace", message: `${who} submitted ${other.text} for this period on ${dayAndClock(other.at)}, awaiting review: give --replace to replace it with yours.` };
}

const fail = (errors: Partial<Record<UpdateProblemField, string>>, refused = false): UpdateOutcome => ({ ok: false, refused, errors });

export async function submitUpdate(catalogue: Catalogue, updates: Updates, person: PersonProfile | null, input: UpdateInput): Promise<UpdateOutcome> {
  // Who may submit, and for which period: asked before anything else is checked.
  const allowed = await mayUpdate(catalogue, updates, person, input.ref, input.organisation ?? null);
  if (!allowed.ok) return fail({ [allowed.field]: allowed.reason }, allowed.field === "person");
  const { record } = allowed;

  const errors: Partial<Record<keyof UpdateInput, string>> = {};
  const period = parsePeriod(input.period);
  if (!period) errors.period = `“${input.period}” is not a period: write it as the reports do, such as Q3 2016/17, 2016/17 or Nov 2016.`;
  const outside = period && outsidePeriod(allowed, period.label);
  if (outside) return fail({ period: outside }, true);
  const lock = period ? await updates.locked(record.organisation, period.label) : null;
  if (lock) return fail({ period: lockedReason(record.organisation, lock) }, true);
  const today = input.today ?? new Date();
  const periodProblem = period && (notBegun(period, today) ?? tooLongBefore(period, [...record.results, ...record.targets].map((r) => r.period), record.ref));
  if (periodProblem) errors.period = periodProblem;
  // The figures as typed, checked against the indicator's unit and each other (figure-checks.ts).
  const unit = printedUnit(record);
  const typedNumber = (field: "value" | "numerator" | "denominator", notANumber: string) => {
    const read = readTypedNumber(input[field]);
    if (read === undefined) return undefined;
    const problem = read.ok ? unitContradiction(input[field]!, read.unit, unit, record.ref) : (read.problem ?? notANumber);
    if (problem) errors[field] = problem;
    return read.ok && !problem ? read : null;
  };
  const valueRead = typedNumber("value", `“${input.value}” is not a number: give the result as a decimal, such as 64.1.`);
  const numeratorRead = typedNumber("numerator", "The numerator is a number.");
  const denominatorRead = typedNumber("denominator", "The denominator is a number other than 0.");
  const numerator = numeratorRead?.value;
  const denominator = denominatorRead?.value;
  if (denominator === 0) errors.denominator = "The denominator is a number other than 0.";
  if ((numeratorRead === undefined) !== (denominatorRead === undefined)) errors[numeratorRead === undefined ? "numerator" : "denominator"] = "Give both the numerator and the denominator, or neither.";
  const fraction = typeof numerator === "number" && typeof denominator === "number" && denominator !== 0 ? { numerator, denominator } : null;
  let value = valueRead?.value;
  if (valueRead === undefined && fraction) {
    value = Math.round((fraction.numerator / fraction.denominator) * 1000) / 10;
    if (!holdable(value)) errors.value = `${fraction.numerator}/${fraction.denominator} is not a number this indicator can hold.`;
  } else if (valueRead && fraction) {
    const contradiction = fractionContradiction(valueRead.value, valueRead.decimals, fraction.numerator, fraction.denominator, unit);
    if (contradiction) errors.value = contradiction;
  }
  if (value === undefined && valueRead === undefined) errors.value = "Give the result (or its numerator and denominator).";
  const commentary = input.commentary?.trim() ?? "";
  if (!commentary) errors.commentary = "Commentary is required: say what the figure shows and why.";
  else if (commentary.length > MAX_COMMENTARY) errors.commentary = `Commentary is at most ${MAX_COMMENTARY.toLocaleString("en-GB")} characters; this is ${commentary.length.toLocaleString("en-GB")}.`;
  if (Object.keys(errors).length || !period || typeof value !== "number") return fail(errors);

  const text = asPrinted(value, input.value ?? String(value), record);
  // Unusual but possible: asked about once; the same figures submitted again (or --confirm) record.
  const figures = JSON.stringify([value, numerator ?? null, denominator ?? null]);
  const unusual = unusualFigures({ value, numerator: numerator ?? null, denominator: denominator ?? null, text }, unit);
  if (Object.keys(unusual).length && input.confirmed !== true && input.confirmed !== figures) {
    const how = input.via === "command line" ? "give --confirm to record it as it is" : "submit again to record it as it is";
    const asked = Object.fromEntries(Object.entries(unusual).map(([field, message]) => [field, `${message} Check it, or ${how}.`]));
    return { ok: false, refused: false, errors: asked, confirm: figures };
  }

  // The rating the figure would have: below Green needs a proposed intervention.
  const rating = ratingIfResult(record, period, { text, value });
  const intervention = input.intervention?.trim() || null;
  if (rating && rating.level !== "Green" && rating.level !== "Not rated" && !intervention) {
    return fail({ intervention: `${text} would be rated ${rating.level} (${rating.reason}): say what will be done about it (the proposed intervention).` });
  }
  if (intervention && intervention.length > MAX_COMMENTARY) return fail({ intervention: `The intervention is at most ${MAX_COMMENTARY.toLocaleString("en-GB")} characters.` });

  const before = buildIndicatorCard(record).history.find((h) => h.period === period.label)?.display ?? null;
  const by = person!.email;
  // The request and what it says: a retried request (the same form opening, or a double click) is recorded
  // once; the same figure sent again from a new opening, or with other words, is a new submission.
  const request = input.opening || randomUUID();
  const sameAs = createHash("sha256").update(JSON.stringify([request, record.organisation, record.ref, period.label, value, numerator ?? null, denominator ?? null, commentary, intervention, by])).digest("hex");
  const other = await updates.latestSubmission(record.organisation, record.ref, period.label);
  // What the form has shown is the server's record of its opening, for the period it opened for.
  const opened = input.opening ? await updates.formOpening(input.opening, by) : null;
  const seen = opened && opened.organisation === record.organisation && opened.ref === record.ref && opened.period === period.label ? opened.seen : 0;
  const conflict = other && other.sameAs !== sameAs ? secondEditor(other, input, by, seen) : null;
  if (conflict?.field === "replace") return fail({ replace: conflict.message }, true);
  if (conflict && other) {
    const opening = await updates.openForm({ organisation: record.organisation, ref: record.ref, period: period.label, seen: other.id, person: by });
    return { ok: false, refused: false, opening, errors: { seen: conflict.message } };
  }
  // The organisation's policy decides whether the figure counts at once or waits for review; the store only writes it.
  const acceptNow = await updates.acceptsWithoutReview(record.organisation);
  const { recorded, at, accepted } = await updates.submit({
    organisation: record.organisation,
    ref: record.ref,
    period: { label: period.label, kind: period.kind, start: period.start, end: period.end },
    text,
    value,
    numerator: numerator ?? null,
    denominator: denominator ?? null,
    commentary,
    intervention,
    by,
    via: input.via,
    before,
    sameAs,
    accept: acceptNow,
  });
  const when = dayAndTime(at);
  return {
    ok: true,
    notice: !recorded
      ? { kind: "notice", heading: "Already recorded", lines: [`This same update to ${record.ref} ${period.label} was recorded ${when}; nothing changed.`] }
      : accepted
        ? { kind: "notice", heading: "Update accepted", lines: [`Accepted: ${text} is now ${record.ref}'s ${period.label} result${rating ? ` (${rating.level})` : ""}. ${record.organisation} accepts updates without review.`, `Recorded ${when} from ${by} via ${input.via}.`] }
        : { kind: "notice", heading: "Update recorded", lines: [`${record.ref} ${period.label}: ${text}${rating ? `, ${rating.level}` : ""}. Provisional until the performance team reviews it.`, `Recorded ${when} from ${by} via ${input.via}.`] },
  };
}
