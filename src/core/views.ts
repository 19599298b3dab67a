// Platform-neutral view models: built once here, rendered as text (console and
// CLI), Block Kit (Slack) and Adaptive Cards (Teams).
import type { Polarity } from "./polarity.ts";
import type { ObjectiveDirection, ObjectiveStatus } from "./objectives.ts";
import type { Direction, FigureMove, RagLevel } from "./ratings.ts";

export interface RatingView {
  /** The computed level, or "Not rated". */
  level: RagLevel | "Not rated";
  /** What it was computed from, or why it was not. */
  reason: string;
  /** How far short of target, as a fraction of it (0 when met); null when not rated. */
  shortfall: number | null;
}

export interface FigureView {
  period: string;
  /** The parsed number, null where the report printed no number. */
  value: number | null;
  /** As printed. */
  display: string;
}

export interface IndicatorCard {
  kind: "indicator";
  ref: string;
  title: string;
  organisation: string;
  polarity: Polarity;
  polarityText: string;
  service: string | null;
  priority: string | null;
  type: string | null;
  frequency: string | null;
  codes: string[];
  latest: {
    period: string;
    value: number | null;
    display: string;
    /** What the result is rated against: the period's own target, or (see annualNote) its financial year's. */
    target: (FigureView & {
      low: number | null;
      high: number | null;
      /**
       * Null for the period's own target. Set where the period has no target of its own and the financial
       * year's stands in, with why: "2016/17; Q3 has no target of its own; a rate, so compared with the year's
       * target as it stands". Renderers show it as "against the annual target 63.0% (<note>)".
       */
      annualNote: string | null;
      /**
       * Set where an additive figure (a running total, a share of the year's amount) is compared with its
       * target to date (the target shown), with how it was found and why: "half of Q2's 400: a running
       * total, as its period targets show". Renderers show "against 200 to date (<note>)".
       */
      toDateNote?: string | null;
    }) | null;
    /** The year's target beside a period's own (a quarter's, a month's, a target to date); null where there is none, or it is the target above. */
    annualTarget: FigureView | null;
    numerator: number | null;
    denominator: number | null;
    previous: FigureView | null;
    yearBefore: FigureView | null;
    rating: RatingView;
    ratingRecorded: string | null;
    /** Computed against the period before and the same period a year before; null where there is nothing to compare. */
    dotShort: Direction | null;
    dotLong: Direction | null;
    dotShortRecorded: string | null;
    dotLongRecorded: string | null;
    /** Why a direction is n/a: "no figure for Q4 2015/16", "Q1 starts a new running total"; null where there is one, or none is due (monitored). */
    dotShortWhyNot?: string | null;
    dotLongWhyNot?: string | null;
  } | null;
  /** Every period reported, oldest first. */
  history: (FigureView & { target: string | null })[];
  /** The last TREND_PERIODS of the history as a line of block characters, and where its bars start where not at zero ("from 18%"). */
  trend: { periods: (FigureView & { target: string | null })[]; spark: string; note: string | null };
  benchmarkText: string | null;
  benchmarks: { display: string; comparator: string | null; source: string | null }[];
  /** The latest commentary; `short` is what a card shows (COMMENTARY_SHOWN characters, cut on a word), `text` all of it, for Full commentary. */
  commentary: { period: string | null; text: string; short: string } | null;
  owners: { name: string; email: string; slackUserId: string | null; teamsUserId: string | null }[];
  /** Plain-English warnings about the data: restated figures, disagreements. */
  flags: string[];
}

export interface ActionCard {
  kind: "action";
  actionKind: string;
  ref: string | null;
  title: string;
  organisation: string;
  rag: string | null;
  status: string | null;
  due: string | null;
  note: string | null;
  noteDate: string | null;
  service: string | null;
  priority: string | null;
  parent: { ref: string | null; title: string } | null;
  children: { ref: string | null; title: string; status: string | null; rag: string | null; due: string | null }[];
  owner: string | null;
}

export interface IndicatorListItem {
  ref: string;
  title: string;
  organisation: string;
  service: string | null;
  period: string | null;
  /** The latest result as printed. */
  latest: string | null;
  target: string | null;
  rating: RatingView["level"] | null;
  dotShort: Direction | null;
  /** Which way the figure went against the period before, for the arrow beside the direction. */
  dotShortMove: FigureMove | null;
}

/** A page of a longer list; `query` asks for it again (with "page N" for another page). */
export interface Paging {
  page: number;
  pageCount: number;
  /** How many matched in all, on every page. */
  total: number;
  query: string;
  /** Said before the list: the page asked for is not there, or why these items stand in for what was asked. */
  notice?: string | null;
}

export interface IndicatorList extends Paging {
  kind: "list";
  heading: string;
  items: IndicatorListItem[];
}

export interface ActionList extends Paging {
  kind: "actions";
  heading: string;
  items: { kind: string; ref: string | null; title: string; organisation: string; service: string | null; rag: string | null; status: string | null; due: string | null; note: string | null; noteDate: string | null }[];
}

/** One row of a summary, as seed 002 §3.1 prints it. */
export interface SummaryRow {
  label: string;
  /** Indicators at each level, in the order of `levels`. */
  counts: number[];
  rated: number;
  notRated: number;
  improvedOrSame: number;
  worsened: number;
  noDirection: number;
  total: number;
}

/** Counts for everything, or for one service; one section per organisation, each under its own RAG scheme. */
export interface Summary {
  kind: "summary";
  heading: string;
  sections: SummarySection[];
}

export interface SummarySection {
  organisation: string;
  levels: string[];
  /** The periods the latest results come from. */
  periods: string[];
  overall: SummaryRow;
  byType: SummaryRow[];
  byService: SummaryRow[];
}

/** Something to ask instead: a reference or a question, and what it gives. */
export interface Suggestion {
  query: string;
  what: string;
}

/** Nothing matched: why, and what to ask instead (never one without the other). */
export interface NotFound {
  kind: "not_found";
  query: string;
  /** Why nothing matched, in a sentence or two. */
  message: string;
  /** What the suggestions are: "Did you mean:", "Nearest titles:", "The services there are:". */
  suggestionsHeading: string;
  suggestions: Suggestion[];
}

export interface Help {
  kind: "help";
  message: string | null;
  examples: { query: string; what: string }[];
}

/** A person's home page (Slack's App Home): what they own, the summary, what worsened most. */
export interface Home {
  kind: "home";
  /** Null when the person is not linked to a Slack or Teams identity yet. */
  person: string | null;
  owned: IndicatorListItem[];
  summary: Summary;
  worsenedMost: (IndicatorListItem & { change: string })[];
  /** The updates they owe in open reporting cycles; left out where there is no knowing (not linked, no cycles). */
  due?: DueList | null;
}

/** Where an update a person owes stands in its reporting cycle. */
export type DueState = "to do" | "draft saved" | "submitted" | "returned" | "accepted";

/** Still waiting for a submission: the renderers give these the button that opens the form. */
export const needsUpdate = (state: DueState): boolean => state === "to do" || state === "draft saved" || state === "returned";

/** "due": the indicators a person owns or is a delegate for, in organisations with an open reporting cycle. */
export interface DueList {
  kind: "due";
  heading: string;
  /** Why nothing is listed, where nothing is. */
  message: string | null;
  items: {
    ref: string;
    title: string;
    organisation: string;
    period: string;
    /** The cycle's deadline, as a day: "Friday, 20 January 2017". */
    due: string;
    state: DueState;
    /** As shown: "to do", "draft saved", "submitted, awaiting review", "returned: add the numerator", "accepted". */
    status: string;
  }[];
}

/** A few plain sentences: who you are, a refusal, a workspace linked to no organisation. */
export interface Notice {
  kind: "notice";
  heading: string;
  lines: string[];
}

export const notice = (heading: string, ...lines: string[]): Notice => ({ kind: "notice", heading, lines });

/** One indicator in a digest or an alert: its list line, and the level it had before where that matters. */
export interface DigestLine extends IndicatorListItem {
  /** The level the last digest to this channel reported (or the last one alerted); null where it was not listed. */
  was: string | null;
}

/** A key action in a digest: rated Red, or past its due date. */
export interface DigestAction {
  ref: string | null;
  title: string;
  service: string | null;
  rag: string | null;
  status: string | null;
  due: string | null;
  overdue: boolean;
}

/** Ratings by service, now and at the period before, as a digest's picture draws them (charts.ts counts it). */
export interface SummaryChartRow {
  service: string;
  /** The period most of the service's indicators report last, and the one before it; null where none has a result. */
  period: string | null;
  previousPeriod: string | null;
  /** Indicators at each level, in the order of `levels`: now, and as at the end of the period before. */
  now: number[];
  before: number[];
}

export interface SummaryChart {
  kind: "summary_chart";
  organisation: string;
  /** "Ratings by service: London Borough of Barnet". */
  title: string;
  /** The scheme's levels, best first, then "Not rated". */
  levels: string[];
  /** The period most indicators report last ("Q2 2016/17"); null where none has a result. */
  period: string | null;
  /** One per service, by name. Services report on their own calendars, so each row has its periods. */
  rows: SummaryChartRow[];
  /** Why there are no bars ("No indicators yet"); null where there are. */
  message: string | null;
  alt: string;
}
/** The weekly digest posted to a subscribed channel (or previewed): what is red and amber, what changed, what is overdue. */
export interface Digest {
  kind: "digest";
  /** "Weekly performance digest: London Borough of Barnet". */
  heading: string;
  organisation: string;
  /** The latest period among the indicators listed, e.g. "Q2 2016/17"; null when none has a result. */
  period: string | null;
  /** What the subscription asks for, in words: "Red and amber · every service". */
  filter: string;
  /** Indicators at each level asked for (the organisation's scheme's levels, worst first), zeros included. */
  counts: { level: string; count: number }[];
  /** Red or amber now, and not in the last digest to this channel (or worse than it was there). */
  newlyRedAmber: DigestLine[];
  /** Red or amber now and before, worst first, by service. */
  stillRedAmber: { service: string | null; items: DigestLine[] }[];
  /** In the last digest, and better than red or amber now (or not among the levels asked for). */
  improved: DigestLine[];
  /** Key actions rated Red or past due and not completed. */
  actions: DigestAction[];
  /** What to type for the whole list when a renderer runs out of room: "red amber adults". */
  moreQuery: string;
  /** True when nothing is red or amber and nothing changed: the renderers say so in one line. */
  quiet: boolean;
  /** Counts per level by service, now and as at the period before, for the digest's one picture (its `alt` where no picture goes). */
  chart?: SummaryChart | null;
  /** The organisation's performance wheel; absent (or null) where it has none, or none assessed. */
  wheel?: DigestWheel | null;
  /** National measures that moved quartile among the councils reporting them, from the period before to the latest. */
  quartileMoves?: QuartileMove[];
}

/** A digest's part on the organisation's performance wheel: the latest assessed period's red segments, and changes of status since the period before. */
export interface DigestWheel {
  /** The latest period any segment was assessed for: "Q2 2017/18". */
  period: string;
  /** The period assessed before it; null where it is the first. */
  previous: string | null;
  /** Red for the period, in wheel order, each with its narrative's first line (null where it has none). */
  red: { code: string; title: string; narrative: string | null }[];
  /** Segments assessed for both periods whose status differs, in wheel order: "P3 Amber → Red". */
  changes: { code: string; title: string; was: ObjectiveStatus; now: ObjectiveStatus }[];
}

/** A status-change alert: an indicator turned Red, or dropped a level, since the last check. */
export interface Alert {
  kind: "alert";
  organisation: string;
  line: DigestLine;
  /** "AC/S8 turned Red (was Green Amber)". */
  headline: string;
}

/** "history AC/S8": every recorded change to an indicator, newest first. */
export interface ChangeHistory {
  kind: "changes";
  ref: string;
  title: string;
  organisation: string;
  entries: { at: Date; by: string; via: string; action: string; before: string | null; after: string | null }[];
}

/** One indicator still to update in a reporting cycle; returned: it was submitted and sent back. */
export interface ReminderItem {
  ref: string;
  title: string;
  returned: boolean;
}

/** A reminder to an owner or delegate: what they still have to update for the cycle's period, each with a button to the update form. */
export interface Reminder {
  kind: "reminder";
  heading: string;
  organisation: string;
  period: string;
  /** The deadline, as people read it: "Friday 20 January 2017". */
  due: string;
  /** "due in 7 days", "due today", "1 day overdue". */
  when: string;
  /** Whose list it is where it is posted somewhere other than to them (the review channel); null in their own chat. */
  for: string | null;
  items: ReminderItem[];
}

/** The review channel told, on the last reminder day, who still has not updated what. */
export interface MissingUpdates {
  kind: "missing";
  heading: string;
  organisation: string;
  period: string;
  due: string;
  /** Each person with what they still owe; an indicator nobody owns is listed under "No owner". */
  people: { name: string; items: ReminderItem[] }[];
}

/** A review decision: accepted or returned, by whom (their name), when, and the comment given. */
export interface ReviewDecisionMade {
  outcome: "accepted" | "returned";
  by: string;
  at: Date;
  note: string | null;
}

/** A submission as its organisation's review channel shows it: with Accept and Return while it waits, with the decision once made. */
export interface ReviewRequest {
  kind: "review";
  /** The submission's id: what the Accept and Return buttons carry. */
  id: number;
  ref: string;
  title: string;
  organisation: string;
  period: string;
  /** The figure as it prints ("64.1%"), and the rating it would have (null where it is not rated). */
  display: string;
  rating: RatingView | null;
  commentary: string;
  intervention: string | null;
  /** Who submitted it (their name where the bot knows them, else their email), when and through what. */
  submittedBy: string;
  at: Date;
  via: string;
  decision: ReviewDecisionMade | null;
  /** A newer submission for the period came while it waited: who sent it (name, else email) and when. No buttons then. */
  superseded: { by: string; at: Date } | null;
}

/** What a submitter is told of a decision on their update: a return, with its comment and a button to submit again; an acceptance, in a line. */
export interface ReviewOutcome {
  kind: "review_outcome";
  outcome: "accepted" | "returned";
  ref: string;
  organisation: string;
  period: string;
  display: string;
  /** Who decided (their name where the bot knows them). */
  by: string;
  note: string | null;
  /** Set where the submitter could not be messaged and the review channel is told instead: who they are. */
  insteadOf: string | null;
}

/** A row's problem in an imported table: its line, the column's heading, the value as written, what is wrong. */
export interface ImportProblem {
  line: number;
  column: string | null;
  value: string;
  problem: string;
}

/** A table sent to the bot as a file: what importing it would do (a dry run, with Confirm where there is something to write), or did. */
export interface ImportOutcome {
  kind: "import";
  fileName: string;
  organisation: string;
  dryRun: boolean;
  /** False: refused, nothing written (and nothing to confirm). */
  ok: boolean;
  counts: { created: number; updated: number; unchanged: number } | null;
  /** The first refs created and updated, to recognise the table by. */
  created: string[];
  updated: string[];
  /** What the import chose (the period of columns that name none, columns left out) and why it refused. */
  notes: string[];
  /** The first rows' problems; the rest are counted in moreProblems. */
  problems: ImportProblem[];
  moreProblems: number;
  /** What fetches the file again at Confirm, as the platform knows it (a Slack file id, a Teams download link); null: nothing to confirm. */
  confirm: { file: string; name: string } | null;
}

/** Counts per status and direction, for a group of a wheel or its total, as a committee's summary table prints them. */
export interface WheelCounts {
  /** The group's name, or "Total". */
  label: string;
  /** Objectives in the group. */
  segments: number;
  /** Of them, how many have a status for the period: what the status percentages are of. */
  assessed: number;
  /** Green, Amber, Red, in that order (as committee tables print them), zeros included; percent of assessed, rounded. */
  statuses: { status: ObjectiveStatus; count: number; percent: number }[];
  /** Up, Stable, Down, in that order, zeros included; percent of those given a direction, rounded. */
  directions: { direction: ObjectiveDirection; count: number; percent: number }[];
  /** Assessed without a direction. */
  noDirection: number;
}

/** A segment of the wheel, with its status for each period of the wheel's table. */
export interface WheelSegment {
  code: string;
  title: string;
  group: string;
  tags: string[];
  /** For the wheel's period; null where it was not assessed then. */
  status: ObjectiveStatus | null;
  direction: ObjectiveDirection | null;
  narrative: string | null;
  /** Status per period of Wheel.periods, in the same order; null where not assessed. */
  statuses: (ObjectiveStatus | null)[];
}

/** "wheel": a council's performance wheel for a period: the committee's summary table, red segments' narratives first, and each segment's status period by period. */
export interface Wheel {
  kind: "wheel";
  /** "Performance wheel: London Borough of Barnet, Q2 2017/18". */
  heading: string;
  organisation: string;
  /** The period the counts and the drawing are for. */
  period: string;
  /** The periods of the segment-by-period table, oldest first, ending with the wheel's period. */
  periods: string[];
  /** What the question narrowed the wheel to, in words ("tag A&H", "group Volunteers"); null: the whole wheel. */
  filter: string | null;
  /** Per group, in wheel order. */
  groups: WheelCounts[];
  total: WheelCounts;
  /** Red segments for the period, with their narratives: read first. */
  red: { code: string; title: string; group: string; direction: ObjectiveDirection | null; narrative: string | null }[];
  /** Every segment, in wheel order (group by group, as drawn). */
  segments: WheelSegment[];
  /** Other organisations with a wheel, where the asker sees several: "wheel <slug>" asks for one. */
  others: string[];
}

/** "P3": an objective of the wheel, its status period by period, direction, narrative and the indicators that inform it. */
export interface ObjectiveCard {
  kind: "objective";
  code: string;
  title: string;
  organisation: string;
  group: string;
  tags: string[];
  owner: { name: string; email: string; slackUserId: string | null; teamsUserId: string | null } | null;
  /** The latest assessment; null where it has none yet. */
  latest: { period: string; status: ObjectiveStatus; direction: ObjectiveDirection | null; narrative: string | null; by: string; at: Date } | null;
  /** Every period assessed, oldest first. */
  history: { period: string; status: ObjectiveStatus; direction: ObjectiveDirection | null }[];
  /** The indicators that inform it, with their own ratings. */
  indicators: IndicatorListItem[];
}

/** One council's figure for a national measure: from the database (ref set) or a published table (source set). */
export interface ComparisonRow {
  council: string;
  ref: string | null;
  period: string;
  value: number;
  /** As reported: "29.5%". */
  figure: string;
  /** The published table it came from; null for a council's own figure here. */
  source: string | null;
  /** The asker's own council. */
  asker: boolean;
  /** Of the asker's latest period: these are ranked together, others are labelled with their period. */
  samePeriod: boolean;
  /** 1 for the best; null where no rank is given (too few councils, no better or worse). */
  rank: number | null;
}

/** A national measure whose quartile among the councils reporting it changed from one period to the next. */
export interface QuartileMove {
  ref: string;
  title: string;
  code: string;
  from: NonNullable<Comparison["rank"]>;
  to: NonNullable<Comparison["rank"]>;
  /** Towards the top quartile. */
  better: boolean;
}

/** "How do we compare?": one indicator's national measure across councils, with its printed benchmarks. */
export interface Comparison {
  kind: "comparison";
  ref: string;
  title: string;
  organisation: string;
  /** The national measure compared: "ASCOF 1C(2A)". */
  code: string;
  /** As the indicator prints it: "Bigger is Better". */
  polarity: string;
  /** Which way is better, as the rank reads it; null where neither is (a range, monitored). */
  better: "higher" | "lower" | null;
  /** "Higher is better: 2nd of 5 for Q2 2016/17, second quartile.", or why there is no rank. */
  standing: string;
  /** The asker's place among the councils reporting its period, where at least four do and a higher or lower figure is better. */
  rank: { position: number; of: number; quartile: string; period: string } | null;
  /** The asker's own figure compared; null where it has none. */
  own: { value: number; figure: string } | null;
  /** The asker's period first, best first; then other periods. */
  rows: ComparisonRow[];
  /** The comparators its own report printed, as figures: CIPFA 29.5%, London 27.6%. */
  benchmarks: { group: string; figure: string; value: number; source: string | null }[];
  /** The report's benchmark words where none was a figure ("No benchmark available"). */
  benchmarkText: string | null;
  notes: string[];
}

export type View = Wheel | ObjectiveCard | ImportOutcome | DueList | Reminder | MissingUpdates | ChangeHistory | IndicatorCard | ActionCard | IndicatorList | ActionList | Summary | NotFound | Help | Notice | Digest | Alert | ReviewRequest | ReviewOutcome | Comparison;
