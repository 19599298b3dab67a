// The committee report's view model: the quarterly performance appendix a council prints for its
// committees (seed 002 §3 and §4, seed 001's tables, seed 000's KCAs and measures of success), built once
// in core from the same cards and summary the chat shows, rendered to Word and HTML in src/reports/.
import type { IndicatorChart } from "./charts.ts";
import type { Direction, FigureMove } from "./ratings.ts";
import type { FigureView, RatingView, SummarySection } from "./views.ts";

/** A computed value beside what the report recorded: `differs` where the two disagree (the card flags it). */
export interface Checked<T> {
  computed: T | null;
  recorded: string | null;
  differs: boolean;
}

/** A direction of travel and the figure it was measured against ("Q4 2015/16", "8.49 days"). */
export interface DirectionCell extends Checked<Direction> {
  against: FigureView | null;
  /** Which way the figure went against that one, for the arrow beside the direction; null where there is no direction. */
  move: FigureMove | null;
  /** Why none was computed: "no figure for Q4 2015/16", "Q1 starts a new running total"; null where one was. */
  whyNot: string | null;
}

/** One row of the indicator table: the columns the seeds print, from the card built as of the report's period. */
export interface ReportIndicatorRow {
  ref: string;
  title: string;
  polarity: string;
  type: string | null;
  /** The financial year's target as printed; null where there is none. */
  annualTarget: string | null;
  /** The period's own target, or its target to date; where the year's stands in or a target to date is used, `targetNote` says which comparison was made and why. */
  periodTarget: string | null;
  targetNote: string | null;
  /** The period's result as printed, and its numerator and denominator where it has them. */
  result: string;
  fraction: string | null;
  dotShort: DirectionCell;
  dotLong: DirectionCell;
  rating: RatingView & { recorded: string | null; differs: boolean };
  benchmark: string | null;
  /** Where the indicator carries a national code: its rank among the councils reporting the period, else how it stands against the printed benchmarks. */
  comparison: string | null;
  /** The card's flags: restatements, disagreements, provisional figures, retirement. */
  flags: string[];
  /** Every result up to the period, oldest first. */
  trend: FigureView[];
  /** The trend chart of the record as of the period (it stops there); null unless the report was asked with charts. */
  chart: IndicatorChart | null;
}

export interface ReportPriorityGroup<T> {
  /** The corporate priority ("Managing demand for services (Fairness)"); "Other indicators" where none is recorded. */
  priority: string;
  rows: T[];
}

/** An indicator that has not met its target, with its comment and proposed intervention (seed 002 §3.2b). */
export interface ReportComment {
  ref: string;
  title: string;
  rating: string;
  /** The period's comment; null where none was recorded for the period. */
  comment: string | null;
  intervention: string | null;
}

/** How many actions stand at each RAG level or status: seed 002 §4.1's row. */
export interface ActionCount {
  label: string;
  count: number;
  /** Of all the actions of the section: "58%". */
  share: string;
}

export interface ReportActionRow {
  ref: string | null;
  title: string;
  /** The action it sits under (a measure of success's commissioning activity). */
  parent: string | null;
  rag: string | null;
  status: string | null;
  due: string | null;
  note: string | null;
  noteDate: string | null;
  owner: string | null;
}

/** One kind of action (key actions, commissioning intentions, KCAs, measures of success), counted and listed. */
export interface ReportActionSection {
  kind: string;
  heading: string;
  total: number;
  /** Per RAG level (the organisation's levels, then Not rated); empty where none of them is rated. */
  ragCounts: ActionCount[];
  /** Per status as recorded (Completed, Overdue ...); empty where none has one. */
  statusCounts: ActionCount[];
  groups: ReportPriorityGroup<ReportActionRow>[];
}

export interface CommitteeReport {
  kind: "committee_report";
  /** "Performance report: Commissioning Group, Q1 2016/17". */
  title: string;
  organisation: string;
  /** As people type it: "barnet". */
  organisationSlug: string;
  service: string | null;
  period: string;
  generatedAt: Date;
  /** "2 December 2026, 10:15" (Europe/London). */
  generatedText: string;
  /** How ratings and directions were computed, and the bands in force: the cover's note. */
  method: string[];
  bands: { description: string; indicators: string }[];
  /** The overview (seed 002 §3.1), from the same summary use case as /kpi summary; null where no indicator reports. */
  overview: SummarySection | null;
  indicators: ReportPriorityGroup<ReportIndicatorRow>[];
  indicatorCount: number;
  notMetTarget: ReportPriorityGroup<ReportComment>[];
  actions: ReportActionSection[];
  /** What the reader should know about what is in and out: left-out actions of later reports, and so on. */
  notes: string[];
}
