// "wheel [period] [group] [tag <tag>]": a council's performance wheel for a period, as its committee reads
// it: per group and in total, how many segments are Green, Amber and Red and how many Up, Stable and Down,
// with percentages; the red segments' narratives first; and every segment's status period by period.
import { OBJECTIVE_DIRECTIONS, OBJECTIVE_STATUSES, tagKey } from "../objectives.ts";
import { comparePeriods, parsePeriod } from "../periods.ts";
import type { Catalogue, ObjectiveRecord, PeriodRef } from "../ports.ts";
import type { WheelRequest } from "../query.ts";
import { organisationsNamed } from "../services.ts";
import { searchWords } from "../text.ts";
import type { NotFound, Wheel, WheelCounts, WheelSegment } from "../views.ts";

/** Periods in the segment-by-period table at most: a year's four reports and the one before. */
const TABLE_PERIODS = 5;

const notFound = (query: string, message: string, suggestionsHeading: string, suggestions: NotFound["suggestions"]): NotFound => ({ kind: "not_found", query, message, suggestionsHeading, suggestions });

const percent = (count: number, of: number) => (of ? Math.round((count / of) * 100) : 0);

export function countSegments(label: string, segments: WheelSegment[]): WheelCounts {
  const assessed = segments.filter((s) => s.status !== null);
  const directed = assessed.filter((s) => s.direction !== null);
  return {
    label,
    segments: segments.length,
    assessed: assessed.length,
    statuses: [...OBJECTIVE_STATUSES].map((status) => {
      const count = assessed.filter((s) => s.status === status).length;
      return { status, count, percent: percent(count, assessed.length) };
    }),
    directions: [...OBJECTIVE_DIRECTIONS].map((direction) => {
      const count = directed.filter((s) => s.direction === direction).length;
      return { direction, count, percent: percent(count, directed.length) };
    }),
    noDirection: assessed.length - directed.length,
  };
}

/** The periods any of the objectives was assessed for, oldest first: a wheel's columns. */
export function assessedPeriods(objectives: ObjectiveRecord[]): PeriodRef[] {
  const byLabel = new Map<string, PeriodRef>();
  for (const o of objectives) for (const a of o.assessments) byLabel.set(a.period.label, a.period);
  return [...byLabel.values()].sort(comparePeriods);
}

/** A group named by the words: each word is one of its words or, from three letters on, the start of one. */
const groupNamed = (group: string, words: string[]) => {
  const own = searchWords(group);
  return words.every((w) => own.some((o) => o === w || (w.length >= 3 && o.startsWith(w))));
};

export async function showWheel(catalogue: Catalogue, request: WheelRequest & { text: string }): Promise<Wheel | NotFound> {
  const every = await catalogue.objectives();
  if (!every.length) {
    return notFound(request.text, "No performance wheel has been recorded: objectives rated by judgement are imported from the wheel's table.", "Import one with:", [
      { query: "kpi import wheel.csv --organisation <name> --kind objectives --period 2017/18", what: "a table with Group, Code and one status column per period" },
    ]);
  }
  const withWheels = [...new Set(every.map((o) => o.organisation))];
  const organisations = (await catalogue.organisations()).filter((o) => withWheels.includes(o.name));
  // Words naming an organisation choose its wheel; the others name a group.
  const named = new Set<string>();
  const groupWords: string[] = [];
  for (const word of request.words) {
    const found = organisationsNamed(organisations, word);
    if (found.length) found.forEach((o) => named.add(o.name));
    else groupWords.push(word);
  }
  const organisation = withWheels.find((name) => !named.size || named.has(name))!;
  const others = organisations.filter((o) => o.name !== organisation).map((o) => o.slug);
  const wheel = every.filter((o) => o.organisation === organisation);

  const groups = [...new Set(wheel.map((o) => o.group))];
  let chosen: ObjectiveRecord[] = wheel;
  const filters: string[] = [];
  if (groupWords.length) {
    const matching = groups.filter((g) => groupNamed(g, groupWords));
    if (!matching.length) return notFound(request.text, `${organisation}'s wheel has no group “${groupWords.join(" ")}”.`, "Its groups are:", groups.map((g) => ({ query: `wheel ${searchWords(g)[0] ?? g}`, what: g })));
    chosen = chosen.filter((o) => matching.includes(o.group));
    filters.push(`group ${matching.join(", ")}`);
  }
  if (request.tags.length) {
    const wanted = new Set(request.tags.map(tagKey));
    chosen = chosen.filter((o) => o.tags.some((t) => wanted.has(tagKey(t))));
    if (!chosen.length) {
      const tags = [...new Set(wheel.flatMap((o) => o.tags))];
      return notFound(request.text, `No segment of ${organisation}'s wheel${filters.length ? ` (${filters.join(", ")})` : ""} is tagged ${request.tags.join(" or ")}.`, tags.length ? "Its tags are:" : "Its segments carry no tags.", tags.map((t) => ({ query: `wheel tag ${t}`, what: `segments followed by ${t}` })));
    }
    filters.push(`tag ${request.tags.join(", ")}`);
  }

  // The periods assessed anywhere in the wheel, oldest first: the table's columns are the same whatever the filter.
  const periods = assessedPeriods(wheel);
  if (!periods.length) return notFound(request.text, `${organisation}'s wheel has no assessment yet.`, "Assess a segment with:", [{ query: `kpi assess ${wheel[0]!.code} --period "Q2 2017/18" --status Green`, what: "its status for a period" }]);
  const period = request.period ? periodAsked(periods, request.period) : periods.at(-1)!;
  if (!period) {
    return notFound(request.text, `${organisation}'s wheel has no assessment for ${request.period}.`, "Periods assessed:", periods.slice(-TABLE_PERIODS).reverse().map((p) => ({ query: `wheel ${p.label}`, what: `the wheel for ${p.label}` })));
  }
  const table = periods.filter((p) => comparePeriods(p, period) <= 0).slice(-TABLE_PERIODS);

  const segments: WheelSegment[] = chosen.map((o) => {
    const now = o.assessments.find((a) => a.period.label === period.label) ?? null;
    return {
      code: o.code,
      title: o.title,
      group: o.group,
      tags: o.tags,
      status: now?.status ?? null,
      direction: now?.direction ?? null,
      narrative: now?.narrative ?? null,
      statuses: table.map((p) => o.assessments.find((a) => a.period.label === p.label)?.status ?? null),
    };
  });
  const shownGroups = groups.filter((g) => segments.some((s) => s.group === g));
  return {
    kind: "wheel",
    heading: `Performance wheel: ${organisation}, ${period.label}`,
    organisation,
    period: period.label,
    periods: table.map((p) => p.label),
    filter: filters.length ? filters.join("; ") : null,
    groups: shownGroups.map((g) => countSegments(g, segments.filter((s) => s.group === g))),
    total: countSegments("Total", segments),
    red: segments.filter((s) => s.status === "Red").map((s) => ({ code: s.code, title: s.title, group: s.group, direction: s.direction, narrative: s.narrative })),
    segments,
    others,
  };
}

/** The period asked for: by its label ("Q2 2017/18"), or without its year ("Q2", "Apr - Jul"), the latest of that name. */
function periodAsked(periods: PeriodRef[], typed: string): PeriodRef | null {
  const exact = parsePeriod(typed);
  // A year: its latest period assessed.
  if (exact?.kind === "year") return periods.filter((p) => p.start >= exact.start && p.end <= exact.end).at(-1) ?? null;
  if (exact) return periods.find((p) => p.label === exact.label) ?? null;
  // A yearless label is read in each assessed year; the latest that was assessed answers.
  const years = [...new Set(periods.map((p) => p.start.getUTCFullYear() - (p.start.getUTCMonth() < 3 ? 1 : 0)))].sort((a, b) => b - a);
  for (const fyStart of years) {
    const label = parsePeriod(typed, { fyStart })?.label;
    const found = label ? periods.find((p) => p.label === label) : undefined;
    if (found) return found;
  }
  return null;
}
