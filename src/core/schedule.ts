// Weekly schedules in Europe/London: "MON 09:00". Placeholder types until the schedule branch merges (take theirs).
export interface WeeklySchedule {
  day: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  time: string;
}
export const DEFAULT_SCHEDULE: WeeklySchedule = { day: 1, time: "09:00" };
export declare function latestSlot(s: WeeklySchedule, now: Date): { key: string; at: Date };
export declare function nextSlot(s: WeeklySchedule, now: Date): { key: string; at: Date };
export declare function alertSlot(now: Date): { key: string; at: Date };
export declare function isDue(slot: { key: string; at: Date }, now: Date, catchUpMs: number): boolean;
export declare function describeSchedule(s: WeeklySchedule): string;
export declare function parseSchedule(text: string): { ok: true; schedule: WeeklySchedule } | { ok: false; message: string };
export const TIME_ZONE = "Europe/London";
