// Weekly schedules in Europe/London ("MON 09:00") and the slots they fall due in.
// A slot's key is its local date and time, "2026-12-07 09:00": every instance and every restart
// computes the same key for the same slot, so the scheduler claims it in the database once.
// Clocks come in as Dates; conversions use Intl, so the process's own time zone never matters.
//
// Local times are handled as "wall" milliseconds: the local date and time read as if it were UTC,
// so calendar arithmetic (days back to Monday, one week on) never meets a clock change.

export const TIME_ZONE = "Europe/London";

export interface WeeklySchedule {
  /** ISO weekday: Monday = 1 ... Sunday = 7. */
  day: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  /** "HH:MM", 24 hour, local time in Europe/London. */
  time: string;
}

export const DEFAULT_SCHEDULE: WeeklySchedule = { day: 1, time: "09:00" };

/** A slot missed by less than this (the bot was down) still posts when it comes back. */
export const DEFAULT_CATCH_UP_MS = 6 * 60 * 60 * 1000;

export interface Slot {
  /** The claim key: local date and time, "2026-12-07 09:00". */
  key: string;
  /** The instant the slot falls due. */
  at: Date;
}

export type ParsedSchedule = { ok: true; schedule: WeeklySchedule } | { ok: false; message: string };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
/** Each day by its name, plural, first three letters and the usual longer abbreviations. A Map: "constructor" is no day. */
const DAYS = new Map<string, WeeklySchedule["day"]>(
  DAY_NAMES.flatMap((name, i) => {
    const lower = name.toLowerCase();
    return [lower, `${lower}s`, lower.slice(0, 3)].map((word) => [word, (i + 1) as WeeklySchedule["day"]] as const);
  }),
);
for (const [word, day] of [["tues", 2], ["weds", 3], ["thur", 4], ["thurs", 4]] as const) DAYS.set(word, day);
/** Words people put around a day and a time: "every Monday at 9am". */
const FILLER = new Set(["at", "on", "every", "each"]);
const MAX_SCHEDULE_LENGTH = 100;

const HOW = "Say a day and a time, such as MON 09:00.";
const WHICH_DAY = "Say which day: MON, TUE, WED, THU, FRI, SAT or SUN, such as MON 09:00.";
const WHICH_TIME = "Say the time as 09:00, 14:30 or 9am, such as MON 09:00.";

/** What an officer types: "MON 09:00", "mon 9:00", "Monday 9am", "friday 5pm", "9am monday". Never throws. */
export function parseSchedule(text: string): ParsedSchedule {
  if (text.length > MAX_SCHEDULE_LENGTH) return { ok: false, message: HOW };
  const words = text
    .toLowerCase()
    .replace(/(\d)\s+([ap]m)\b/g, "$1$2") // "5 pm" is one time
    .split(/[\s,]+/)
    .filter((word) => word && !FILLER.has(word));
  if (words.length !== 2) return { ok: false, message: HOW };
  const [first, second] = words as [string, string];
  const dayFirst = DAYS.has(first);
  const day = DAYS.get(dayFirst ? first : second);
  if (!day) return { ok: false, message: WHICH_DAY };
  const time = parseTime(dayFirst ? second : first);
  if (!time) return { ok: false, message: WHICH_TIME };
  return { ok: true, schedule: { day, time } };
}

/** "09:00", "9:00", "9.30", "9am", "5:30pm", "noon" -> "HH:MM"; null otherwise. A bare "9" is too ambiguous. */
function parseTime(word: string): string | null {
  if (word === "noon" || word === "midday") return "12:00";
  const match = /^(\d{1,2})(?:[:.](\d{2}))?([ap]m)?$/.exec(word);
  if (!match) return null;
  const [, hourText, minuteText, meridiem] = match;
  if (minuteText === undefined && meridiem === undefined) return null;
  let hour = Number(hourText);
  const minute = Number(minuteText ?? "0");
  if (minute > 59) return null;
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === "pm" ? 12 : 0);
  } else if (hour > 23) return null;
  return `${pad(hour)}:${pad(minute)}`;
}

/** { day: 1, time: "09:00" } -> "Mondays 09:00". */
export function describeSchedule(schedule: WeeklySchedule): string {
  return `${DAY_NAMES[schedule.day - 1]}s ${schedule.time}`;
}

/** The most recent slot due at or before now. */
export function latestSlot(schedule: WeeklySchedule, now: Date): Slot {
  const wall = thisWeeksWall(schedule, now);
  const thisWeek = slotAt(wall);
  return thisWeek.at <= now ? thisWeek : slotAt(wall - WEEK);
}

/** The first slot due strictly after now (for showing the next run). */
export function nextSlot(schedule: WeeklySchedule, now: Date): Slot {
  const wall = thisWeeksWall(schedule, now);
  const thisWeek = slotAt(wall);
  return thisWeek.at > now ? thisWeek : slotAt(wall + WEEK);
}

/** Whether a slot has fallen due and was missed by no more than the catch-up window. */
export function isDue(slot: { at: Date }, now: Date, catchUpMs: number): boolean {
  const late = now.getTime() - slot.at.getTime();
  return late >= 0 && late <= catchUpMs;
}

/**
 * The quarter-hour an alert check belongs to, keyed in UTC ("2026-12-01 17:15Z"): UTC has no
 * repeated hour, so October's two 01:15s get two keys with no special case, and every instance
 * agrees. London's offsets are whole hours, so UTC quarter-hours are local quarter-hours too.
 */
export function alertSlot(now: Date): Slot {
  const at = Math.floor(now.getTime() / (15 * MINUTE)) * 15 * MINUTE;
  return { key: `${wallKey(at)}Z`, at: new Date(at) };
}

/** The date in London at an instant: "2026-12-07". */
export function londonDate(now: Date): string {
  return new Date(toWall(now.getTime())).toISOString().slice(0, 10);
}

/** A London date some whole days on (or back): calendar arithmetic, so a clock change between is no matter. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** A London date at a local time ("09:00") as a slot: its key "2026-12-07 09:00" and the instant it falls due. */
export function dailySlot(date: string, time: string): Slot {
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  return slotAt(Date.parse(`${date}T00:00:00Z`) + hour * HOUR + minute * MINUTE);
}

/**
 * This week's slot as a wall time: the schedule's day on or before today in London, so it may still be
 * to come. Last week's has always fallen due and next week's never has, so the answer is one of the three.
 */
function thisWeeksWall(schedule: WeeklySchedule, now: Date): number {
  const today = Math.floor(toWall(now.getTime()) / DAY) * DAY;
  const weekday = ((new Date(today).getUTCDay() + 6) % 7) + 1; // ISO: Monday = 1
  const [hour, minute] = schedule.time.split(":").map(Number) as [number, number];
  return today - ((weekday - schedule.day + 7) % 7) * DAY + hour * HOUR + minute * MINUTE;
}

const slotAt = (wall: number): Slot => ({ key: wallKey(wall), at: new Date(dueAt(wall)) });

/**
 * The instant a local time falls due. Twice in October's repeated hour: the first, so the slot
 * is claimed once. Never in March's missing hour: the first minute after the gap (02:00 BST),
 * so the slot is not skipped.
 */
function dueAt(wall: number): number {
  // The offsets in force a day either side cover any clock change near this time.
  const before = offsetAt(wall - DAY);
  const after = offsetAt(wall + DAY);
  const instants = [...new Set([before, after])].map((offset) => wall - offset).filter((instant) => toWall(instant) === wall);
  if (instants.length) return Math.min(...instants);
  // The clocks went forward over this time: between these two instants, found to the minute by halving.
  let stillBefore = wall - after;
  let changed = wall - before;
  while (changed - stillBefore > MINUTE) {
    const middle = stillBefore + Math.floor((changed - stillBefore) / 2 / MINUTE) * MINUTE;
    if (offsetAt(middle) === after) changed = middle;
    else stillBefore = middle;
  }
  return changed;
}

// Made on first use: loading a time zone's rules costs tens of milliseconds of every start otherwise.
let london: Intl.DateTimeFormat | undefined;
const londonFormat = () =>
  (london ??= new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }));

/** The local time in London at an instant, as wall milliseconds (to the second; callers use whole minutes). */
function toWall(instant: number): number {
  const part = new Map(londonFormat().formatToParts(new Date(instant)).map((p) => [p.type, Number(p.value)]));
  const wall = Date.UTC(part.get("year")!, part.get("month")! - 1, part.get("day")!, part.get("hour")!, part.get("minute")!, part.get("second")!);
  return wall + (instant - Math.floor(instant / 1000) * 1000);
}

/** London's offset from UTC at an instant: 0 in winter, one hour in summer. */
const offsetAt = (instant: number): number => toWall(instant) - instant;

/** Wall milliseconds -> "2026-12-07 09:00". */
const wallKey = (wall: number): string => new Date(wall).toISOString().slice(0, 16).replace("T", " ");

const pad = (n: number): string => String(n).padStart(2, "0");
