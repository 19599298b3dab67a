import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_CATCH_UP_MS,
  DEFAULT_SCHEDULE,
  TIME_ZONE,
  alertSlot,
  describeSchedule,
  isDue,
  latestSlot,
  nextSlot,
  parseSchedule,
  type WeeklySchedule,
} from "../../src/core/schedule.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (iso: string) => new Date(iso);
const slot = (key: string, iso: string) => ({ key, at: at(iso) });

/** The local time in London, read by Intl on its own: the check the module's answers must pass. */
const london = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

describe("parseSchedule", () => {
  it("reads a day and a time however an officer types them, in either order", () => {
    for (const [typed, day, time] of [
      ["MON 09:00", 1, "09:00"],
      ["mon 9:00", 1, "09:00"],
      ["Monday 9am", 1, "09:00"],
      ["tue 14:30", 2, "14:30"],
      ["friday 5pm", 5, "17:00"],
      ["9am monday", 1, "09:00"],
      ["14:30 TUE", 2, "14:30"],
      ["Wednesdays 7:05pm", 3, "19:05"],
      ["thurs 5 pm", 4, "17:00"],
      ["every Sunday at 12am", 7, "00:00"],
      ["sat, 12pm", 6, "12:00"],
      ["sun 23:59", 7, "23:59"],
      ["  weds   8.15  ", 3, "08:15"],
      ["tues noon", 2, "12:00"],
    ] as const) {
      expect(parseSchedule(typed), typed).toEqual({ ok: true, schedule: { day, time } });
    }
  });

  it("says what it needs when the text is not a day and a time", () => {
    const how = "Say a day and a time, such as MON 09:00.";
    const whichDay = "Say which day: MON, TUE, WED, THU, FRI, SAT or SUN, such as MON 09:00.";
    const whichTime = "Say the time as 09:00, 14:30 or 9am, such as MON 09:00.";
    for (const [typed, message] of [
      ["", how],
      ["monday", how],
      ["09:00", how],
      ["mon 09:00 weekly", how],
      ["x".repeat(101), how],
      ["funday 09:00", whichDay],
      ["09:00 10:00", whichDay],
      ["constructor 09:00", whichDay],
      ["mon tue", whichTime],
      ["mon 9", whichTime],
      ["mon 24:00", whichTime],
      ["mon 9:60", whichTime],
      ["mon 13pm", whichTime],
      ["mon 0am", whichTime],
      ["mon 9:5", whichTime],
    ] as const) {
      expect(parseSchedule(typed), typed).toEqual({ ok: false, message });
    }
  });

  it("never throws, whatever the string, and any schedule it reads is a day 1-7 and a valid HH:MM", () => {
    const words = ["mon", "Monday", "fri", "9am", "5 pm", "09:00", "14:30", "24:00", "at", "every", ",", " ", "noon", "12", "pm", "sun"];
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200, unit: "binary" }), fc.array(fc.constantFrom(...words), { maxLength: 5 }).map((w) => w.join(" "))), (text) => {
        const parsed = parseSchedule(text);
        if (!parsed.ok) {
          expect(parsed.message).toMatch(/such as MON 09:00\.$/);
          return;
        }
        expect(parsed.schedule.day).toBeGreaterThanOrEqual(1);
        expect(parsed.schedule.day).toBeLessThanOrEqual(7);
        expect(parsed.schedule.time).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads back every schedule written the way describeSchedule and the help show it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (day, hour, minute) => {
        const schedule = { day, time: `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}` } as WeeklySchedule;
        expect(parseSchedule(describeSchedule(schedule))).toEqual({ ok: true, schedule });
        const abbreviation = describeSchedule(schedule).slice(0, 3).toUpperCase();
        expect(parseSchedule(`${abbreviation} ${schedule.time}`)).toEqual({ ok: true, schedule });
      }),
    );
  });
});

describe("describeSchedule and the defaults", () => {
  it("says the day in the plural and the time in 24 hours", () => {
    expect(describeSchedule(DEFAULT_SCHEDULE)).toBe("Mondays 09:00");
    expect(describeSchedule({ day: 7, time: "17:30" })).toBe("Sundays 17:30");
    expect(TIME_ZONE).toBe("Europe/London");
    expect(DEFAULT_SCHEDULE).toEqual({ day: 1, time: "09:00" });
    expect(DEFAULT_CATCH_UP_MS).toBe(6 * HOUR);
  });
});

describe("latestSlot and nextSlot in ordinary weeks", () => {
  const monday9 = DEFAULT_SCHEDULE;

  it("finds the Monday 09:00 of the week in winter (GMT) and in summer (BST)", () => {
    expect(latestSlot(monday9, at("2026-12-09T12:00:00Z"))).toEqual(slot("2026-12-07 09:00", "2026-12-07T09:00:00Z"));
    expect(nextSlot(monday9, at("2026-12-09T12:00:00Z"))).toEqual(slot("2026-12-14 09:00", "2026-12-14T09:00:00Z"));
    expect(latestSlot(monday9, at("2026-07-08T12:00:00Z"))).toEqual(slot("2026-07-06 09:00", "2026-07-06T08:00:00Z"));
    expect(nextSlot(monday9, at("2026-07-08T12:00:00Z"))).toEqual(slot("2026-07-13 09:00", "2026-07-13T08:00:00Z"));
  });

  it("turns over at the slot's minute: just before is last week's, at and after is this one", () => {
    expect(latestSlot(monday9, at("2026-12-07T08:59:59.999Z")).key).toBe("2026-11-30 09:00");
    expect(nextSlot(monday9, at("2026-12-07T08:59:59.999Z"))).toEqual(slot("2026-12-07 09:00", "2026-12-07T09:00:00Z"));
    expect(latestSlot(monday9, at("2026-12-07T09:01:00Z")).key).toBe("2026-12-07 09:00");
    // In summer 09:00 local is 08:00 UTC: at 08:30 UTC the slot has fallen due.
    expect(latestSlot(monday9, at("2026-07-06T07:59:00Z")).key).toBe("2026-06-29 09:00");
    expect(latestSlot(monday9, at("2026-07-06T08:30:00Z")).key).toBe("2026-07-06 09:00");
  });

  it("gives a slot at exactly now as the latest, and the next one a week on", () => {
    const now = at("2026-12-07T09:00:00Z");
    expect(latestSlot(monday9, now)).toEqual(slot("2026-12-07 09:00", "2026-12-07T09:00:00Z"));
    expect(nextSlot(monday9, now)).toEqual(slot("2026-12-14 09:00", "2026-12-14T09:00:00Z"));
    expect(isDue(latestSlot(monday9, now), now, 0)).toBe(true);
  });

  it("crosses the week boundary: a Sunday schedule checked on Monday is yesterday's", () => {
    const sunday = { day: 7, time: "18:00" } as const;
    expect(latestSlot(sunday, at("2026-12-07T09:00:00Z"))).toEqual(slot("2026-12-06 18:00", "2026-12-06T18:00:00Z"));
    expect(nextSlot(sunday, at("2026-12-07T09:00:00Z"))).toEqual(slot("2026-12-13 18:00", "2026-12-13T18:00:00Z"));
    // 00:10 on Monday in London is still Sunday in UTC: the week is London's.
    const lateSunday = { day: 7, time: "23:30" } as const;
    expect(latestSlot(lateSunday, at("2026-07-05T23:10:00Z"))).toEqual(slot("2026-07-05 23:30", "2026-07-05T22:30:00Z"));
    expect(latestSlot(lateSunday, at("2026-07-05T22:29:00Z")).key).toBe("2026-06-28 23:30");
    // A Monday schedule checked late on Sunday in London (already Monday in no zone that matters).
    expect(latestSlot(monday9, at("2026-12-06T23:59:00Z")).key).toBe("2026-11-30 09:00");
    // Across a year's end.
    expect(latestSlot(monday9, at("2027-01-03T12:00:00Z")).key).toBe("2026-12-28 09:00");
  });

  it("does not depend on the process's own time zone", () => {
    // Only Intl with an explicit zone and Date.UTC are used; a UTC-free date method would show here.
    const days = Array.from({ length: 60 }, (_, i) => new Date(Date.UTC(2026, 9, 1) + i * 24 * HOUR + 23 * HOUR + 45 * MINUTE));
    for (const now of days) {
      const latest = latestSlot({ day: 3, time: "00:15" }, now);
      expect(london.format(latest.at), now.toISOString()).toBe("Wed 00:15");
    }
  });
});

describe("clock changes (last Sundays of March and October)", () => {
  // [schedule time, key, instant due]
  const cases: Array<[string, string, string, string]> = [
    // March 2026: 01:00 GMT jumps to 02:00 BST on the 29th.
    ["March 2026", "00:30", "2026-03-29 00:30", "2026-03-29T00:30:00Z"],
    ["March 2026", "01:30", "2026-03-29 01:30", "2026-03-29T01:00:00Z"], // missing hour: 02:00 BST
    ["March 2026", "02:30", "2026-03-29 02:30", "2026-03-29T01:30:00Z"],
    // October 2026: 02:00 BST falls back to 01:00 GMT on the 25th.
    ["October 2026", "00:30", "2026-10-25 00:30", "2026-10-24T23:30:00Z"],
    ["October 2026", "01:30", "2026-10-25 01:30", "2026-10-25T00:30:00Z"], // repeated hour: the first 01:30
    ["October 2026", "02:30", "2026-10-25 02:30", "2026-10-25T02:30:00Z"],
    // March 2027: the 28th.
    ["March 2027", "00:30", "2027-03-28 00:30", "2027-03-28T00:30:00Z"],
    ["March 2027", "01:30", "2027-03-28 01:30", "2027-03-28T01:00:00Z"],
    ["March 2027", "02:30", "2027-03-28 02:30", "2027-03-28T01:30:00Z"],
    // October 2027: the 31st.
    ["October 2027", "00:30", "2027-10-31 00:30", "2027-10-30T23:30:00Z"],
    ["October 2027", "01:30", "2027-10-31 01:30", "2027-10-31T00:30:00Z"],
    ["October 2027", "02:30", "2027-10-31 02:30", "2027-10-31T02:30:00Z"],
  ];

  for (const [change, time, key, due] of cases) {
    it(`${change}, Sundays ${time}: one key, due once at ${due}, never skipped, never doubled`, () => {
      const sunday = { day: 7, time } as const;
      const dueAt = at(due).getTime();
      expect(latestSlot(sunday, at(due))).toEqual(slot(key, due));
      expect(nextSlot(sunday, new Date(dueAt - 1))).toEqual(slot(key, due));
      // A scheduler asking every minute from a day before to a day after sees last week's key,
      // then this one from its instant on: exactly one change of key, at the instant due.
      const seen: Array<{ key: string; from: number }> = [];
      for (let now = dueAt - 24 * HOUR; now <= dueAt + 24 * HOUR; now += MINUTE) {
        const latest = latestSlot(sunday, new Date(now));
        if (seen.at(-1)?.key !== latest.key) seen.push({ key: latest.key, from: now });
      }
      expect(seen.map((s) => s.key)).toEqual([previousWeekKey(key), key]);
      expect(seen[1]!.from).toBe(dueAt);
    });
  }

  it("the repeated hour's second 01:30 is the same slot, already due, not a new one", () => {
    const sunday = { day: 7, time: "01:30" } as const;
    // 01:10 GMT (the second 01:10 of the night): the 01:30 slot fell due 40 minutes ago (the first 01:30 BST).
    expect(latestSlot(sunday, at("2026-10-25T01:10:00Z"))).toEqual(slot("2026-10-25 01:30", "2026-10-25T00:30:00Z"));
    expect(latestSlot(sunday, at("2026-10-25T01:30:00Z"))).toEqual(slot("2026-10-25 01:30", "2026-10-25T00:30:00Z"));
    expect(nextSlot(sunday, at("2026-10-25T01:30:00Z")).key).toBe("2026-11-01 01:30");
  });

  it("nextSlot across the March gap: the missing 01:30 is next, at 02:00 BST, then next week's", () => {
    const sunday = { day: 7, time: "01:30" } as const;
    expect(nextSlot(sunday, at("2027-03-28T00:50:00Z"))).toEqual(slot("2027-03-28 01:30", "2027-03-28T01:00:00Z"));
    expect(nextSlot(sunday, at("2027-03-28T01:00:00Z"))).toEqual(slot("2027-04-04 01:30", "2027-04-04T00:30:00Z"));
    // A Saturday-evening check sees Sunday's slot next, whose week holds the change.
    expect(nextSlot({ day: 7, time: "02:30" }, at("2027-03-27T20:00:00Z"))).toEqual(slot("2027-03-28 02:30", "2027-03-28T01:30:00Z"));
    // And the week after the change is in BST.
    expect(nextSlot(DEFAULT_SCHEDULE, at("2027-03-28T12:00:00Z"))).toEqual(slot("2027-03-29 09:00", "2027-03-29T08:00:00Z"));
  });

  it("on any instant in 2026-2028, latest <= now < next, a week (give or take the hour) apart, and at the scheduled local time", () => {
    const start = Date.UTC(2026, 0, 1);
    const end = Date.UTC(2029, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: start, max: end }), fc.integer({ min: 1, max: 7 }), fc.constantFrom("00:00", "00:30", "01:00", "01:30", "01:59", "02:00", "02:30", "09:00", "23:59"), (ms, day, time) => {
        const schedule = { day, time } as WeeklySchedule;
        const now = new Date(ms);
        const latest = latestSlot(schedule, now);
        const next = nextSlot(schedule, now);
        expect(latest.at.getTime()).toBeLessThanOrEqual(ms);
        expect(next.at.getTime()).toBeGreaterThan(ms);
        expect(Math.abs(next.at.getTime() - latest.at.getTime() - 7 * 24 * HOUR)).toBeLessThanOrEqual(HOUR);
        expect(next.key.slice(11)).toBe(time);
        expect(latest.key.slice(11)).toBe(time);
        const [weekday, localTime] = london.format(latest.at).split(" ");
        expect(weekday).toBe(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][day - 1]);
        // At the scheduled local time, except inside March's missing hour, which falls due at 02:00.
        if (localTime !== time) expect([localTime, time.slice(0, 2)]).toEqual(["02:00", "01"]);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("isDue", () => {
  const due = slot("2026-12-07 09:00", "2026-12-07T09:00:00Z");

  it("is due from the slot's instant until the catch-up window has passed, inclusive", () => {
    expect(isDue(due, at("2026-12-07T08:59:59.999Z"), DEFAULT_CATCH_UP_MS)).toBe(false);
    expect(isDue(due, at("2026-12-07T09:00:00Z"), DEFAULT_CATCH_UP_MS)).toBe(true);
    expect(isDue(due, at("2026-12-07T14:59:00Z"), DEFAULT_CATCH_UP_MS)).toBe(true);
    expect(isDue(due, at("2026-12-07T15:00:00Z"), DEFAULT_CATCH_UP_MS)).toBe(true);
    expect(isDue(due, at("2026-12-07T15:00:00.001Z"), DEFAULT_CATCH_UP_MS)).toBe(false);
    expect(isDue(due, at("2026-12-08T09:00:00Z"), DEFAULT_CATCH_UP_MS)).toBe(false);
  });

  it("after a restart, a slot missed by less than the window posts and an older one is skipped", () => {
    const schedule = DEFAULT_SCHEDULE;
    const backAt = (iso: string) => isDue(latestSlot(schedule, at(iso)), at(iso), DEFAULT_CATCH_UP_MS);
    expect(backAt("2026-12-07T11:00:00Z")).toBe(true);
    expect(backAt("2026-12-07T16:00:00Z")).toBe(false);
    expect(backAt("2026-12-10T09:00:00Z")).toBe(false);
  });
});

describe("alertSlot", () => {
  it("gives the quarter-hour an instant belongs to, keyed in UTC", () => {
    expect(alertSlot(at("2026-12-01T17:15:00Z"))).toEqual(slot("2026-12-01 17:15Z", "2026-12-01T17:15:00Z"));
    expect(alertSlot(at("2026-12-01T17:29:59.999Z"))).toEqual(slot("2026-12-01 17:15Z", "2026-12-01T17:15:00Z"));
    expect(alertSlot(at("2026-12-01T17:30:00Z")).key).toBe("2026-12-01 17:30Z");
    expect(alertSlot(at("2026-12-31T23:59:00Z")).key).toBe("2026-12-31 23:45Z");
    // 17:20 BST is 16:20 UTC: the same quarter-hour, in UTC.
    expect(alertSlot(at("2026-07-01T16:20:00Z"))).toEqual(slot("2026-07-01 16:15Z", "2026-07-01T16:15:00Z"));
  });

  it("gives October's two 01:15s two keys, and a check every minute claims each quarter-hour once", () => {
    const first = alertSlot(at("2026-10-25T00:20:00Z")); // 01:20 BST
    const second = alertSlot(at("2026-10-25T01:20:00Z")); // 01:20 GMT
    expect(london.format(first.at)).toBe(london.format(second.at));
    expect(first.key).not.toBe(second.key);
    const keys = new Set<string>();
    for (let now = Date.UTC(2026, 9, 24, 22); now < Date.UTC(2026, 9, 25, 4); now += MINUTE) keys.add(alertSlot(new Date(now)).key);
    expect(keys.size).toBe(6 * 4);
  });
});

/** "2026-10-25 01:30" -> "2026-10-18 01:30". */
function previousWeekKey(key: string): string {
  const [date, time] = key.split(" ") as [string, string];
  return `${new Date(Date.parse(`${date}T00:00:00Z`) - 7 * 24 * HOUR).toISOString().slice(0, 10)} ${time}`;
}
