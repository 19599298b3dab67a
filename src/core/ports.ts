// What the core needs from storage, in the core's own terms. src/store implements it.
import type { Identity, PersonProfile, StoredRole, WorkspaceLinkRecord } from "./access.ts";
import type { Aggregation } from "./aggregation.ts";
import type { IndicatorDraft } from "./import/indicator-table.ts";
import type { ObjectiveDirection, ObjectiveStatus } from "./objectives.ts";
import type { Polarity } from "./polarity.ts";
import type { RagPolicy } from "./ratings.ts";

export interface PeriodRef {
  label: string;
  start: Date;
  end: Date;
}

export interface TargetRecord {
  period: PeriodRef;
  text: string;
  value: number | null;
  low: number | null;
  high: number | null;
}

export interface ResultRecord {
  period: PeriodRef;
  text: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  ragRecorded: string | null;
  dotShortRecorded: string | null;
  dotLongRecorded: string | null;
  restatedFrom: string | null;
}

export interface PersonRecord {
  name: string;
  email: string;
  role: string;
  slackUserId: string | null;
  teamsUserId: string | null;
  /** Their personal chat with the bot in Teams, where it has one: for direct messages. */
  teamsChatId?: string | null;
}

export interface IndicatorRecord {
  ref: string;
  /** The folded ref and aliases a lookup finds it by ("acs8", "ascof1e"). */
  lookupKeys: string[];
  /** Lower-cased words of its ref, codes and title, for word search. */
  searchText: string;
  serviceId: number | null;
  title: string;
  organisation: string;
  polarity: Polarity;
  polarityText: string;
  service: string | null;
  priority: string | null;
  type: string | null;
  frequency: string | null;
  /** How the figure accumulates through the year (null: not known, compared as it stands). */
  aggregation?: Aggregation | null;
  codes: string[];
  ragPolicy: RagPolicy;
  benchmarkText: string | null;
  benchmarks: { text: string; value: number | null; comparator: string | null; source: string | null }[];
  targets: TargetRecord[];
  results: ResultRecord[];
  commentary: { period: string | null; text: string }[];
  owners: PersonRecord[];
  /** Retired: still found by its ref and in its periods' history, left out of lists, digests and reminders. */
  retired?: { at: Date; by: string; note: string | null } | null;
  /** The latest submission awaiting review, if any. */
  provisional?: ProvisionalResult | null;
}

export interface ActionRecord {
  kind: string;
  ref: string | null;
  /** The keys a lookup finds it by: the folded ref, and each part of a combined one ("mos46", "mos47"). */
  lookupKeys: string[];
  serviceId: number | null;
  title: string;
  organisation: string;
  rag: string | null;
  status: string | null;
  dueText: string | null;
  dueDate: Date | null;
  note: string | null;
  noteDateText: string | null;
  service: string | null;
  priority: string | null;
  parent: { ref: string | null; title: string } | null;
  children: { ref: string | null; title: string; status: string | null; rag: string | null; dueText: string | null }[];
  /** Its owner, then any delegate: who may update it besides the organisation's officers. */
  owners: PersonRecord[];
  /** The period of the published report it was first listed in ("Q2 2016/17"); null where none (added by hand). */
  reportPeriod?: string | null;
}

export interface Catalogue {
  /** Indicators whose folded ref or alias (national code, ref as printed) equals key, retired ones too. */
  indicatorsByKey(key: string): Promise<IndicatorRecord[]>;
  /** Key actions, intentions and measures of success found by key (one of their lookupKeys). */
  actionsByKey(key: string): Promise<ActionRecord[]>;
  /** Current indicators whose ref, codes or title contain any of the words, most words first. */
  searchIndicators(words: string[], limit: number): Promise<{ record: IndicatorRecord; matched: number }[]>;
  /** Every current indicator's ref, for suggesting the nearest to an unknown one. */
  allRefs(): Promise<{ ref: string; key: string; title: string }[]>;
  /** Every service, with its organisation. */
  services(): Promise<ServiceRecord[]>;
  /** Every organisation, in the order they were added. */
  organisations(): Promise<OrganisationRecord[]>;
  /**
   * Indicators with all their figures, of the given services (all where none are given): the current
   * ones, what every list, summary, digest and alert counts; retired ones too only where asked.
   */
  indicators(scope: { serviceIds?: number[]; includeRetired?: boolean }): Promise<IndicatorRecord[]>;
  /** The current indicators a person owns or is a delegate for, found by their Slack or Teams identity. */
  indicatorsOwnedBy(identity: { slackUserId?: string; teamsUserId?: string }): Promise<{ person: PersonRecord | null; indicators: IndicatorRecord[] }>;
  /** Key actions, intentions, activities and measures, of the given services (all where none are given), in report order. */
  actions(scope: { serviceIds?: number[] }): Promise<ActionRecord[]>;
  /** Every recorded change to an indicator (or, with kind "action", a key action), newest first, read fresh. */
  changes(subject: { organisation: string; ref: string; kind?: "indicator" | "action" | "objective" }): Promise<ChangeRecord[]>;
  /** Which organisations each Slack workspace, grid and Teams tenant sees (none: everyone sees everything). */
  workspaceLinks(): Promise<WorkspaceLinkRecord[]>;
  /** Every objective of every performance wheel, in wheel order (organisation, then position), with its assessments. */
  objectives(): Promise<ObjectiveRecord[]>;
  /**
   * A catalogue that reads only what these organisations need (a read model loads only their parts). Its
   * answers may still hold other organisations' records: callers see through visibleCatalogue, which keeps theirs only.
   */
  within?(organisations: string[]): Catalogue;
}

/** An objective rated by judgement: a segment of a performance wheel. */
export interface ObjectiveRecord {
  organisation: string;
  code: string;
  /** The folded code a lookup finds it by ("p3"). */
  key: string;
  title: string;
  group: string;
  /** Its place in the wheel, from 1. */
  position: number;
  tags: string[];
  owner: PersonRecord | null;
  /** The refs of the indicators that inform it. */
  indicators: string[];
  /** Oldest first. */
  assessments: AssessmentRecord[];
}

export interface AssessmentRecord {
  period: PeriodRef;
  status: ObjectiveStatus;
  direction: ObjectiveDirection | null;
  narrative: string | null;
  by: string;
  at: Date;
}

/** People and their chat identities, read fresh (links and roles change by other hands). */
export interface People {
  byIdentity(identity: Identity): Promise<PersonProfile | null>;
  byEmail(email: string): Promise<PersonProfile | null>;
  /** Links the person with this email (as the chat platform gave it) to the identity; null when nobody has that email. */
  linkByEmail(email: string, identity: Identity): Promise<PersonProfile | null>;
  setRole(email: string, role: StoredRole): Promise<PersonProfile>;
  /** Keeps the Teams personal chat of the person with this Entra object id, for direct messages; true when it changed (false: it was kept already, or nobody has that Teams user). */
  rememberTeamsChat?(teamsUserId: string, chatId: string): Promise<boolean>;
}

export interface OrganisationRecord {
  /** As people type it: "barnet". */
  slug: string;
  /** As records name it: "London Borough of Barnet". */
  name: string;
}

export interface ServiceRecord {
  id: number;
  name: string;
  organisation: string;
}

/** Where the bot was installed or spoken to, with the platform's reference (Teams), so it can post there later. */
export interface Conversations {
  remember(conversationId: string, reference: object): Promise<void>;
  /** The stored reference of a conversation; null where the bot was never installed or spoken to there. */
  reference(conversationId: string): Promise<object | null>;
}

/** One audited change: what it was before and after (plain text), who made it, when and through what. */
export interface ChangeRecord {
  at: Date;
  by: string;
  via: string;
  action: string;
  before: string | null;
  after: string | null;
}

/** A result someone submitted, not reviewed yet: cards show it, marked provisional. */
export interface ProvisionalResult {
  period: PeriodRef;
  text: string;
  value: number;
  commentary: string;
  submittedBy: string;
  at: Date;
}

// The write side of quarterly updates: submissions, reporting cycles and review decisions.

export interface NewSubmission {
  organisation: string;
  ref: string;
  period: { label: string; kind: string; start: Date; end: Date };
  text: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
  commentary: string;
  intervention: string | null;
  by: string;
  via: string;
  /** What the card showed for the period before, for the audit trail. */
  before: string | null;
  /** The same request twice (a retried request, a double click on one form opening) has the same key. */
  sameAs: string;
  /** Accepted at once as the period's result, without review: the use case's decision (the organisation's policy). */
  accept: boolean;
}

/** What submitting came to: recorded, or the same request recorded before (id and at are that one's). */
export interface Submitted {
  recorded: boolean;
  at: Date;
  id: number;
  /** The organisation accepts updates without review: it is the period's result already. */
  accepted: boolean;
  /** The submissions awaiting review it superseded (older ones for the same indicator and period). */
  superseded: number[];
}

/** An update form as the server recorded it when it opened: what it has shown the person. */
export interface FormOpening {
  organisation: string;
  ref: string;
  period: string;
  /** The newest submission for the indicator and period when it opened (0: none). */
  seen: number;
}

/** The newest submission for an indicator and period, whatever its status: what a second editor is told about. */
export interface LatestSubmission {
  id: number;
  text: string;
  /** The submitter's email, and their name where the bot knows them. */
  by: string;
  byName: string | null;
  at: Date;
  /** "submitted" (awaiting review), "accepted", "returned" or "superseded". */
  status: string;
  sameAs: string;
}

/** The write port: one submission, its audit entry and the data version, together or not at all. */
export interface Updates {
  /**
   * recorded false: the same request was recorded before (a retried request, a double click); id is the submission's
   * either way. The submitter's draft for it goes with it; older ones awaiting review for the period are superseded.
   */
  submit(submission: NewSubmission): Promise<Submitted>;
  /** Records a form opened by a person (their email), having shown `seen`; the random id the form carries. */
  openForm(opening: FormOpening & { person: string }): Promise<string>;
  /** The opening of that id, where it is this person's; null for any other (unknown, expired, someone else's). */
  formOpening(id: string, person: string): Promise<FormOpening | null>;
  /** The organisation's open reporting cycle, read fresh; null when none is open. */
  openCycle(organisation: string): Promise<{ period: string; due: Date } | null>;
  /** Whether the organisation accepts its updates without review (kpi org review --auto on), read fresh. */
  acceptsWithoutReview(organisation: string): Promise<boolean>;
  /** The lock on the organisation's period (published), read fresh; null while it may change. */
  locked(organisation: string, period: string): Promise<PeriodLockRecord | null>;
  /** The newest submission for the indicator and period, read fresh; null when there is none. */
  latestSubmission(organisation: string, ref: string, period: string): Promise<LatestSubmission | null>;
}

/** A key action's RAG, status and latest note, as its owner or an officer sets them. */
export interface ActionChange {
  organisation: string;
  ref: string;
  rag: string | null;
  status: string | null;
  note: string;
  /** The note's day (London), as cards print it and as a date. */
  noteDateText: string;
  noteDate: Date;
  by: string;
  via: string;
}

/** The write port for key actions: applied at once (no review), with its audit entry and the data version, together or not at all. */
export interface ActionUpdates {
  /**
   * Sets what the change says; recorded false where the action already reads so (a retried request, a
   * double click): nothing written, and at is when it was last changed.
   */
  update(change: ActionChange): Promise<{ recorded: boolean; at: Date }>;
}

/** A half-filled update form, one per indicator, period and person (their email): only they see it. */
export interface DraftKey {
  organisation: string;
  ref: string;
  period: string;
  person: string;
}

export interface DraftRecord {
  /** The form's fields as typed (period, value, numerator, denominator, commentary, intervention). */
  fields: Record<string, string>;
  savedAt: Date;
}

/** Drafts change no figure: not audited, no data version. */
export interface Drafts {
  /** Saves over any draft with the same key; returns when it was saved. */
  save(key: DraftKey, fields: Record<string, string>): Promise<Date>;
  load(key: DraftKey): Promise<DraftRecord | null>;
  discard(key: DraftKey): Promise<void>;
}

export interface CycleRecord {
  period: string;
  due: Date;
  openedBy: string;
  openedAt: Date;
}

export interface Cycles {
  /** Opens one unless the organisation has one open already (then returns that one, and opened false). */
  open(organisation: string, period: { label: string; kind: string; start: Date; end: Date }, due: Date, by: string, via: string): Promise<{ opened: boolean; cycle: CycleRecord }>;
  current(organisation: string): Promise<CycleRecord | null>;
  close(organisation: string, by: string, via: string): Promise<CycleRecord | null>;
  /** Submissions for the period, per indicator ref: the latest one's status, who made it and the reviewer's note. */
  submitted(organisation: string, period: string): Promise<Map<string, { status: string; by: string; note?: string | null }>>;
}

export interface PendingSubmission {
  id: number;
  organisation: string;
  ref: string;
  period: string;
  text: string;
  commentary: string;
  intervention: string | null;
  submittedBy: string;
  via: string;
  at: Date;
  /** Its period is locked (published) for the organisation: it cannot be accepted until reopened. */
  locked?: PeriodLockRecord | null;
}

/** One submission, whatever became of it, with where its organisation reviews submissions. */
export interface SubmissionRecord extends PendingSubmission {
  value: number;
  status: "submitted" | "accepted" | "returned" | "superseded";
  /** Its organisation's review channel ("slack:C123", "teams:<conversation id>"); null where it has none. */
  reviewChannel: string | null;
  decision: { by: string; at: Date; note: string | null } | null;
  /** Superseded: the newer submission's submitter (email) and when it came. */
  superseded: { by: string; at: Date } | null;
  /** Where its review message was posted, and the platform's id for it; null where it was not (or the platform gave none). */
  posted: { channel: string; message: string } | null;
}

export interface Reviews {
  /** Submissions awaiting a decision, oldest first. */
  pending(organisations: string[] | null): Promise<PendingSubmission[]>;
  /** One submission by its id; null where there is none. */
  submission(id: number): Promise<SubmissionRecord | null>;
  /** Submissions awaiting a decision whose organisation has a review channel and that no one has claimed `job` for in that channel yet, oldest first. */
  unposted(job: string): Promise<{ id: number; channel: string }[]>;
  /** Where its review message was posted: kept so that the message can be updated later. */
  recordPost(id: number, channel: string, message: string): Promise<void>;
  /** Accepted: the period's result and commentary become the submission's; returned: the owner is asked again. Audited, with the data version. */
  decide(id: number, decision: "accepted" | "returned", by: string, via: string, note: string | null): Promise<boolean>;
}

// The batch write path: indicator tables imported whole.

export interface ImportBatch {
  /** The organisation's name as records carry it; created when there is none of that name. */
  organisation: string;
  /** The slug an organisation the batch creates gets; one is made from its name where this is missing. */
  slug?: string;
  drafts: IndicatorDraft[];
  by: string;
  via: string;
  /** The file's name, for the audit: "created by the import of q2.csv"; a report's source. */
  source: string;
  /** What the change is called in its audit and beside a figure it replaces ("53.2% before jo@…'s update"): "the import of <source>" unless given. */
  change?: string;
  /** False where the caller audits the change itself (an accepted update has its own entry): the batch then adds none. */
  audit?: boolean;
  /**
   * The published report the figures were taken from: the results it gives cite it, and a figure it restates is
   * kept beside the new one naming the report that gave it. A report's figures are its own record, not anyone's
   * change: such a batch is not audited.
   */
  report?: ReportDraft;
}

export interface ReportDraft {
  title: string;
  period: string;
  published: string | null;
  /** Its key actions and measures of success, in its order: written with the report when it is first loaded. */
  actions: ActionDraft[];
}

/** A commissioning intention, key action, commissioning activity or measure of success, as a report lists it. */
export interface ActionDraft {
  kind: "commissioning_intention" | "key_action" | "key_commissioning_activity" | "measure_of_success";
  ref: string | null;
  /** The ref of the action it sits under, listed before it in the same report. */
  parentRef: string | null;
  title: string;
  rag: string | null;
  status: string | null;
  /** Dates as printed ("31-Dec-2016"): kept, and read where they can be. */
  due: string | null;
  note: string | null;
  noteDate: string | null;
  service: string | null;
  theme: string | null;
  /** Its owner's email: someone already recorded. */
  owner: string | null;
}

export interface ImportCounts {
  created: string[];
  updated: { ref: string; changes: string[] }[];
  unchanged: number;
  /** Rows that would change a published (locked) period: while there are any, nothing is written. */
  blocked: { line: number; ref: string; lock: PeriodLockRecord }[];
}

export interface IndicatorImports {
  /** The folded refs the organisation has already (none for a new organisation). */
  existingRefs(organisation: string): Promise<Set<string>>;
  /** Upserts every row by organisation and ref in one transaction, audited; a dry run writes nothing and counts the same. */
  importIndicators(batch: ImportBatch, options: { dryRun: boolean }): Promise<ImportCounts>;
}

// The rest of the year: next year's targets, locking a published period, retiring an indicator.
// Each write is one transaction with its audit entry and the data version.

/** A period locked for an organisation: published, so nothing about it changes until an admin reopens it. */
export interface PeriodLockRecord {
  period: string;
  by: string;
  at: Date;
}

export interface NewTarget {
  organisation: string;
  ref: string;
  period: { label: string; kind: string; start: Date; end: Date };
  /** As written, and what it parses to. */
  text: string;
  value: number | null;
  low: number | null;
  high: number | null;
  by: string;
  via: string;
}

export interface Targets {
  /**
   * Sets or replaces the period's target (audited with what it was); unchanged where it reads the same;
   * refused, with the lock, where the period or a period inside it is locked (published figures were rated against it).
   */
  set(target: NewTarget): Promise<{ outcome: "set" | "unchanged"; before: string | null } | { outcome: "locked"; lock: PeriodLockRecord }>;
}

export interface PeriodLocks {
  /** Locks it unless it is locked already (then returns that lock, and locked false). */
  lock(organisation: string, period: { label: string; kind: string; start: Date; end: Date }, by: string, via: string): Promise<{ locked: boolean; lock: PeriodLockRecord }>;
  /** The lock removed; null where the period was not locked. */
  reopen(organisation: string, period: string, by: string, via: string): Promise<PeriodLockRecord | null>;
}

export interface Retirements {
  /** False where it was retired already. */
  retire(indicator: { organisation: string; ref: string }, note: string, by: string, via: string): Promise<boolean>;
  /** False where it was not retired. */
  unretire(indicator: { organisation: string; ref: string }, by: string, via: string): Promise<boolean>;
}

/** An organisation's open reporting cycle, with what reminders need: the days they go out on and the review channel. */
export interface ReminderCycle {
  organisation: string;
  period: string;
  due: Date;
  /** Whole days before and after the deadline that owners are reminded on. */
  remindBefore: number[];
  remindAfter: number[];
  /** "slack:C…" or "teams:<conversation id>"; null where there is none. */
  reviewChannel: string | null;
}

export interface ReminderCycles {
  /** Every organisation's open cycle, read fresh. */
  open(): Promise<ReminderCycle[]>;
}

// Objectives rated by judgement: one assessment at a time, or a wheel's table imported whole.

export interface NewAssessment {
  organisation: string;
  code: string;
  period: { label: string; kind: string; start: Date; end: Date };
  status: ObjectiveStatus;
  direction: ObjectiveDirection | null;
  narrative: string | null;
  by: string;
  via: string;
}

/** The write port for assessments: the assessment, its audit entry and the data version, together or not at all. */
export interface Assessments {
  /** recorded false where the period's assessment already reads so (a retried request): nothing written. */
  assess(assessment: NewAssessment): Promise<{ recorded: boolean; at: Date; before: string | null }>;
  /** The lock on the organisation's period (published), read fresh; null while it may change. */
  locked(organisation: string, period: string): Promise<PeriodLockRecord | null>;
  /** The organisation's open reporting cycle, read fresh: owners assess its period. */
  openCycle(organisation: string): Promise<{ period: string; due: Date } | null>;
}

/** An objective as a wheel's table lists it, with a status for each period it has a column for. */
export interface ObjectiveDraft {
  line: number;
  code: string;
  title: string | null;
  group: string;
  tags: string[] | null;
  /** Its owner's email: someone already recorded. */
  owner: string | null;
  /** Refs of the indicators that inform it, of the same organisation. */
  indicators: string[] | null;
  assessments: { period: { label: string; kind: string; start: Date; end: Date }; status: ObjectiveStatus; direction: ObjectiveDirection | null; narrative: string | null }[];
}

export interface ObjectiveBatch {
  /** The organisation's name as records carry it; created when there is none of that name. */
  organisation: string;
  drafts: ObjectiveDraft[];
  by: string;
  via: string;
  /** The file's name, for the audit. */
  source: string;
}

export interface ObjectiveImportCounts {
  created: string[];
  updated: { code: string; changes: string[] }[];
  unchanged: number;
  /** Rows naming what the organisation has not: while there are any, nothing is written. */
  problems: { line: number; value: string; problem: string }[];
}

export interface ObjectiveImports {
  /** Upserts every objective by organisation and code, and each period's assessment, in one transaction, audited; a dry run writes nothing and counts the same. */
  importObjectives(batch: ObjectiveBatch, options: { dryRun: boolean }): Promise<ObjectiveImportCounts>;
}
