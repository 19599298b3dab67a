// Builds the indicator card view model from stored records.
import { parsePeriod, periodYearBefore, previousPeriod } from "./periods.ts";
import type { IndicatorRecord, ResultRecord, TargetRecord } from "./ports.ts";
import type { FigureView, IndicatorCard } from "./views.ts";

const byPeriodEnd = <T extends { period: { start: Date; end: Date } }>(a: T, b: T) =>
  a.period.end.getTime() - b.period.end.getTime() || a.period.start.getTime() - b.period.start.getTime();

const figure = (r: ResultRecord | TargetRecord): FigureView => ({ period: r.period.label, value: r.value, display: r.text });

export function buildIndicatorCard(record: IndicatorRecord): IndicatorCard {
  const results = [...record.results].sort(byPeriodEnd);
  const latest = results.at(-1) ?? null;
  const targetFor = (label: string) => record.targets.find((t) => t.period.label === label) ?? null;
  const resultFor = (label: string | undefined) => (label ? results.find((r) => r.period.label === label) ?? null : null);

  let latestView: IndicatorCard["latest"] = null;
  if (latest) {
    const period = parsePeriod(latest.period.label);
    const target = targetFor(latest.period.label);
    const year = period?.kind === "quarter" ? `${latest.period.label.slice(3)}` : null;
    const annual = year ? targetFor(year) : null;
    // The period just before; where the report skipped it, the nearest earlier one.
    const previous =
      resultFor(period ? previousPeriod(period)?.label : undefined) ??
      results.filter((r) => r.period.end < latest.period.start).at(-1) ??
      null;
    const yearBefore = resultFor(period ? periodYearBefore(period)?.label : undefined);
    latestView = {
      period: latest.period.label,
      value: latest.value,
      display: latest.text,
      target: target ? { ...figure(target), low: target.low, high: target.high } : null,
      annualTarget: annual ? figure(annual) : null,
      numerator: latest.numerator,
      denominator: latest.denominator,
      previous: previous ? figure(previous) : null,
      yearBefore: yearBefore ? figure(yearBefore) : null,
      dotShortRecorded: latest.dotShortRecorded,
      dotLongRecorded: latest.dotLongRecorded,
    };
  }

  const flags: string[] = [];
  for (const r of results) {
    if (r.restatedFrom) flags.push(`${r.period.label} restated: now ${r.text}, earlier reported as ${r.restatedFrom}.`);
  }

  const commentary = [...record.commentary].reverse()[0] ?? null;
  return {
    kind: "indicator",
    ref: record.ref,
    title: record.title,
    organisation: record.organisation,
    polarity: record.polarity,
    polarityText: record.polarityText,
    service: record.service,
    priority: record.priority,
    type: record.type,
    frequency: record.frequency,
    codes: record.codes,
    latest: latestView,
    history: results.map((r) => ({ ...figure(r), target: targetFor(r.period.label)?.text ?? null })),
    benchmarkText: record.benchmarkText,
    benchmarks: record.benchmarks.map((b) => ({ display: b.text, comparator: b.comparator, source: b.source })),
    commentary,
    owners: record.owners.map(({ name, email, slackUserId, teamsUserId }) => ({ name, email, slackUserId, teamsUserId })),
    flags,
  };
}
