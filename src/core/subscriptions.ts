// A channel's subscription to the weekly digest and to status-change alerts, and the
// ports through which jobs claim their slots and remember what they reported.
import type { Channel } from "./channels.ts";
import type { RagLevel } from "./ratings.ts";
import type { WeeklySchedule } from "./schedule.ts";

/** Red and amber, whichever scheme: what a digest lists unless the channel asks otherwise. */
export const DEFAULT_LEVELS: RagLevel[] = ["Red", "Red Amber", "Green Amber", "Amber"];

/** How bad a level is: Red the worst. A rise is "dropped a level". */
export const SEVERITY: Record<RagLevel, number> = { Green: 0, "Green Amber": 1, Amber: 2, "Red Amber": 3, Red: 4 };

export interface SubscriptionRecord {
  id: number;
  channel: Channel;
  /** The organisation's name, as records carry it. */
  organisation: string;
  schedule: WeeklySchedule;
  levels: RagLevel[];
  service: { id: number; name: string } | null;
  alerts: boolean;
  /** Why posting stopped (the channel is gone); null while it posts. */
  pausedReason: string | null;
  /** What the last digest to this channel listed: ref -> level. */
  lastDigest: Record<string, RagLevel> | null;
  lastRunAt: Date | null;
  lastResult: string | null;
  /** Alerts go to this channel for changes seen after this; null until the first check after it began. */
  alertsFrom: Date | null;
  createdAt: Date;
}

export interface SubscriptionInput {
  channel: Channel;
  organisation: string;
  schedule: WeeklySchedule;
  levels: RagLevel[];
  serviceId: number | null;
  alerts: boolean;
  createdBy: string | null;
}

export interface Subscriptions {
  list(): Promise<SubscriptionRecord[]>;
  byChannel(channel: Channel): Promise<SubscriptionRecord | null>;
  /** Creates or replaces the channel's subscription (a paused one starts again). */
  save(input: SubscriptionInput): Promise<SubscriptionRecord>;
  remove(channel: Channel): Promise<boolean>;
  /** After a digest run: what it listed (when posted), what came of it, and whether the channel is gone. */
  recordRun(id: number, run: { at: Date; result: string; listed?: Record<string, RagLevel>; pausedReason?: string }): Promise<void>;
  /** The channel is gone or the bot was removed: no more digests or alerts until it is subscribed again. */
  pause(id: number, reason: string): Promise<void>;
  startAlerts(ids: number[], at: Date): Promise<void>;
}

/**
 * Where a claim stands. claimed: an instance holds it until its lease runs out (then anyone may take
 * it); sending: the request is out (should its lease run out, whether it arrived is unknown);
 * failed: tried again from its retry time; unknown: never sent again but by an operator (--retry);
 * the rest are settled.
 */
export type ClaimState = "claimed" | "sending" | "failed" | "unknown" | SettledState;
export type SettledState = "posted" | "gone" | "skipped" | "done";

/** Won: this caller holds it now (attempt 1 the first time). Lost: where it stands. */
export type Claim = { won: true; attempt: number } | { won: false; state: ClaimState; outcome: string | null; retryAt: Date | null };

export interface ClaimOptions {
  /** The job's clock, against which a failed claim's retry time is read (default: now). */
  now?: Date;
  /** Takes a failed or unknown claim again at once: the operator's --retry. */
  retry?: boolean;
}

/** The pause before trying a failed post again: 1 minute, doubling each attempt, at most an hour. */
export const retryDelayMs = (attempt: number): number => Math.min(60_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);

/** Claims: a unique row per job, slot and key, so that several instances and restarts do a thing once. */
export interface Claims {
  /**
   * Won when new, when its holder's lease ran out before it sent anything, when it failed and its retry
   * time has come, or (retry) when it failed or its outcome is unknown. A claim whose holder's lease ran
   * out while sending becomes unknown: a message is never sent twice blindly.
   */
  claim(job: string, slot: string, key: string, options?: ClaimOptions): Promise<Claim>;
  /** Marks it as sending, just before the request: false when this holder lost it (its lease ran out and another took it): send nothing. */
  sending(job: string, slot: string, key: string): Promise<boolean>;
  settle(job: string, slot: string, key: string, outcome: string, state?: SettledState | "unknown"): Promise<void>;
  /** Failed this time: tried again from retryAt; null: only by an operator's --retry. */
  fail(job: string, slot: string, key: string, outcome: string, retryAt: Date | null): Promise<void>;
  /** Gives a claim up (nothing was sent), so that a later run may claim it again. */
  release(job: string, slot: string, key: string): Promise<void>;
  /**
   * The job's claims someone may take now, oldest first: failed ones whose retry time has come, and those
   * whose holder's lease ran out; with retry, every failed or unknown one too (claim() still decides who wins).
   */
  open(job: string, options?: ClaimOptions): Promise<{ slot: string; key: string }[]>;
}

/** The rating the alert check last saw per indicator (organisation and ref). */
export interface RatingsSeen {
  all(): Promise<Map<string, RagLevel>>;
  /** Those of these keys only: a check over the few indicators that changed reads their ratings alone. */
  of(keys: string[]): Promise<Map<string, RagLevel>>;
  save(changes: { key: string; level: RagLevel }[]): Promise<void>;
}

/** Where jobs log (the service's one logger fits): fields first, then the message. */
export interface JobLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
