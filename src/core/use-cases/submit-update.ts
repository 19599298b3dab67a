// Records an owner's or officer's update: a result for a period and its commentary, checked
// (who may submit, a readable number, commentary, an intervention when it misses target) and
// kept as a provisional submission with an audit entry. The chat forms and `kpi update` share it.
import { createHash } from "node:crypto";
import { holds, refusal, type PersonProfile } from "../access.ts";
import { parseFigure } from "../figures.ts";
import { buildIndicatorCard } from "../indicator-card.ts";
import { parsePeriod } from "../periods.ts";
import type { Catalogue, IndicatorRecord, Updates } from "../ports.ts";
import { foldKey } from "../text.ts";
import type { Notice } from "../views.ts";
import { lockedReason } from "./lock-period.ts";

export interface UpdateInput {
  ref: string;
  period: string;
  /** As typed: checked here, as any platform's form or the command line passes it. */
  value?: string;
  numerator?: string;
  denominator?: string;
  commentary?: string;
  intervention?: string;
  via: "slack" | "teams" | "command line";
}

export type UpdateOutcome = { ok: true; notice: Notice } | { ok: false; refused: boolean; errors: Partial<Record<keyof UpdateInput | "person", string>> };

export const MAX_COMMENTARY = 3000;

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
const readNumber = (text: string | undefined): number | null | undefined => {
  if (text === undefined || text.trim() === "") return undefined;
  const bare = text.trim().replace(/[%,£\s]/g, "");
  return NUMBER.test(bare) ? Number(bare) : null;
};

/** "64.1" as the indicator prints its figures: "64.1%", "8.35 days", "£7.3m" stays a number with its unit. */
function asPrinted(value: number, typed: string, record: IndicatorRecord): string {
  const sample = [...record.results, ...record.targets].map((f) => parseFigure(f.text)).find((f) => "unit" in f && f.unit);
  const unit = sample && "unit" in sample ? sample.unit : null;
  const digits = typed.trim().replace(/[%,£\s]/g, "") || String(value);
  return unit === "%" ? `${digits}%` : unit === "days" ? `${digits} days` : unit === "£" ? `£${digits}` : digits;
}

const fail = (errors: Partial<Record<keyof UpdateInput | "person", string>>, refused = false): UpdateOutcome => ({ ok: false, refused, errors });

export async function submitUpdate(catalogue: Catalogue, updates: Updates, person: PersonProfile | null, input: UpdateInput): Promise<UpdateOutcome> {
  const found = await catalogue.indicatorsByKey(foldKey(input.ref));
  const record = found.length > 1 && person?.organisation ? found.find((r) => r.organisation === person.organisation) : found[0];
  if (!record) return fail({ ref: `There is no indicator ${input.ref}.` });

  // Who may submit: owners and delegates within the open reporting cycle's period, officers and admins any time.
  const owns = person !== null && record.owners.some((o) => o.email === person.email);
  const officer = holds(person, "officer", record.organisation);
  if (!officer) {
    if (!person) return fail({ person: refusal(`Submitting a result for ${record.ref}`, "officer", record.organisation, null) }, true);
    if (!owns) return fail({ person: `Submitting a result for ${record.ref} needs you to own it or be its delegate, or the officer role in ${record.organisation}; ${person.organisation === record.organisation || person.organisation === null ? "you are neither" : `you belong to ${person.organisation}`}.` }, true);
  }

  const errors: Partial<Record<keyof UpdateInput, string>> = {};
  const period = parsePeriod(input.period);
  if (!period) errors.period = `“${input.period}” is not a period: write it as the reports do, such as Q3 2016/17, 2016/17 or Nov 2016.`;
  // Asked before anything else is checked, so that an empty form tells whether the person may submit at all.
  if (!officer) {
    const cycle = await updates.openCycle(record.organisation);
    if (!cycle) return fail({ person: `No reporting cycle is open for ${record.organisation}, so only its officers and admins may submit a result now (a late or corrected figure).` }, true);
    if (period && cycle.period !== period.label) return fail({ period: `The open reporting cycle is for ${cycle.period}: owners submit for that period; a late or corrected figure for ${period.label} goes through the performance team.` }, true);
  }
  const lock = period ? await updates.locked(record.organisation, period.label) : null;
  if (lock) return fail({ period: lockedReason(record.organisation, lock) }, true);
  const numerator = readNumber(input.numerator);
  const denominator = readNumber(input.denominator);
  let value = readNumber(input.value);
  if (numerator === null) errors.numerator = "The numerator is a number.";
  if (denominator === null || denominator === 0) errors.denominator = "The denominator is a number other than 0.";
  if ((numerator === undefined) !== (denominator === undefined)) errors[numerator === undefined ? "numerator" : "denominator"] = "Give both the numerator and the denominator, or neither.";
  if (value === undefined && typeof numerator === "number" && typeof denominator === "number" && denominator !== 0) value = Math.round((numerator / denominator) * 1000) / 10;
  if (value === null) errors.value = `“${input.value}” is not a number: give the result as a decimal, such as 64.1.`;
  else if (value === undefined) errors.value = "Give the result (or its numerator and denominator).";
  const commentary = input.commentary?.trim() ?? "";
  if (!commentary) errors.commentary = "Commentary is required: say what the figure shows and why.";
  else if (commentary.length > MAX_COMMENTARY) errors.commentary = `Commentary is at most ${MAX_COMMENTARY.toLocaleString("en-GB")} characters; this is ${commentary.length.toLocaleString("en-GB")}.`;
  if (Object.keys(errors).length || !period || typeof value !== "number") return fail(errors);

  // The rating the figure would have: below Green needs a proposed intervention.
  const text = asPrinted(value, input.value ?? String(value), record);
  const proposed = { period: { label: period.label, start: period.start, end: period.end }, text, value, numerator: null, denominator: null, ragRecorded: null, dotShortRecorded: null, dotLongRecorded: null, restatedFrom: null };
  const trial = buildIndicatorCard({ ...record, provisional: null, results: [...record.results.filter((r) => r.period.label !== period.label), proposed] });
  const rating = trial.latest?.period === period.label ? trial.latest.rating : null;
  const intervention = input.intervention?.trim() || null;
  if (rating && rating.level !== "Green" && rating.level !== "Not rated" && !intervention) {
    return fail({ intervention: `${text} would be rated ${rating.level} (${rating.reason}): say what will be done about it (the proposed intervention).` });
  }
  if (intervention && intervention.length > MAX_COMMENTARY) return fail({ intervention: `The intervention is at most ${MAX_COMMENTARY.toLocaleString("en-GB")} characters.` });

  const before = buildIndicatorCard(record).history.find((h) => h.period === period.label)?.display ?? null;
  const by = person!.email;
  const sameAs = createHash("sha256").update(JSON.stringify([record.organisation, record.ref, period.label, value, numerator ?? null, denominator ?? null, commentary, intervention, by])).digest("hex");
  const { recorded, at } = await updates.submit({
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
  });
  const when = at.toLocaleString("en-GB", { timeZone: "Europe/London", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
  return {
    ok: true,
    notice: recorded
      ? { kind: "notice", heading: "Update recorded", lines: [`${record.ref} ${period.label}: ${text}${rating ? `, ${rating.level}` : ""}. Provisional until the performance team reviews it.`, `Recorded ${when} from ${by} via ${input.via}.`] }
      : { kind: "notice", heading: "Already recorded", lines: [`This same update to ${record.ref} ${period.label} was recorded ${when}; nothing changed.`] },
  };
}
