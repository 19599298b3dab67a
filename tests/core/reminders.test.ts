// The reminder rules without a database: which London days remind, from what instant, across the
// clock changes; the reminder days people may set; and the three renderings of a reminder.
import { describe, expect, it } from "vitest";
import { addDays, dailySlot, londonDate } from "../../src/core/schedule.ts";
import { deadlineDate, describeReminderDays, parseReminderDays, reminderDays } from "../../src/core/use-cases/send-reminders.ts";
import type { Reminder } from "../../src/core/views.ts";
import { renderText } from "../../src/platforms/console/render-text.ts";
import { renderSlack } from "../../src/platforms/slack/blocks.ts";
import { renderCard, updateButton } from "../../src/platforms/teams/cards.ts";
import { problems } from "../helpers/adaptive-cards.ts";

const cycle = (due: string, remindBefore = [7, 2], remindAfter = [1, 3]) => ({ due: new Date(`${due}T23:59:59Z`), remindBefore, remindAfter });

describe("reminder days", () => {
  it("counts whole London days from the deadline the officer gave, in winter and in summer", () => {
    expect(reminderDays(cycle("2017-01-20"))).toEqual([
      { date: "2017-01-13", when: "due in 7 days" },
      { date: "2017-01-18", when: "due in 2 days" },
      { date: "2017-01-20", when: "due today" },
      { date: "2017-01-21", when: "1 day overdue" },
      { date: "2017-01-23", when: "3 days overdue" },
    ]);
    // 23:59:59 UTC on 20 July is already 21 July in London (BST): the deadline is still the 20th.
    expect(deadlineDate(new Date("2017-07-20T23:59:59Z"))).toBe("2017-07-20");
    expect(reminderDays(cycle("2017-07-20")).map((d) => d.date)).toEqual(["2017-07-13", "2017-07-18", "2017-07-20", "2017-07-21", "2017-07-23"]);
  });

  it("steps over the clock changes by the calendar, and falls due at 09:00 London in GMT and BST", () => {
    // Clocks go forward on 26 March 2017 and back on 29 October 2017.
    expect(reminderDays(cycle("2017-03-30")).map((d) => d.date)).toEqual(["2017-03-23", "2017-03-28", "2017-03-30", "2017-03-31", "2017-04-02"]);
    expect(reminderDays(cycle("2017-10-31", [7], [])).map((d) => d.date)).toEqual(["2017-10-24", "2017-10-31"]);
    expect(addDays("2017-03-25", 2)).toBe("2017-03-27");
    expect(dailySlot("2017-01-13", "09:00")).toEqual({ key: "2017-01-13 09:00", at: new Date("2017-01-13T09:00:00Z") });
    expect(dailySlot("2017-07-13", "09:00")).toEqual({ key: "2017-07-13 09:00", at: new Date("2017-07-13T08:00:00Z") });
    expect(dailySlot("2017-03-26", "09:00").at).toEqual(new Date("2017-03-26T08:00:00Z"));
    expect(dailySlot("2017-10-29", "09:00").at).toEqual(new Date("2017-10-29T09:00:00Z"));
    // Half past midnight in London in summer is the evening before in UTC.
    expect(londonDate(new Date("2017-07-12T23:30:00Z"))).toBe("2017-07-13");
    expect(londonDate(new Date("2017-01-12T23:30:00Z"))).toBe("2017-01-12");
  });

  it("sends on the deadline whatever is set, once a day even where days coincide; the last day is the one after the deadline furthest out", () => {
    expect(reminderDays(cycle("2017-01-20", [], [])).map((d) => d.date)).toEqual(["2017-01-20"]);
    expect(reminderDays(cycle("2017-01-20", [0, 1], [0])).map((d) => `${d.date} ${d.when}`)).toEqual(["2017-01-19 due tomorrow", "2017-01-20 due today"]);
    expect(reminderDays(cycle("2017-01-20", [7], [10, 3])).at(-1)).toEqual({ date: "2017-01-30", when: "10 days overdue" });
  });

  it("takes whole days 0 to 60, comma-separated, or none", () => {
    expect(parseReminderDays("7,2")).toEqual([2, 7]);
    expect(parseReminderDays(" 2 , 7, 7 ")).toEqual([2, 7]);
    expect(parseReminderDays("none")).toEqual([]);
    expect(parseReminderDays("NONE")).toEqual([]);
    expect(parseReminderDays("0,60")).toEqual([0, 60]);
    for (const bad of ["61", "-1", "1.5", "7;2", "7,,2", "seven", "100", "7 2"]) expect(parseReminderDays(bad), bad).toBeNull();
    expect(describeReminderDays([2, 7])).toBe("7,2");
    expect(describeReminderDays([])).toBe("none");
  });
});

describe("the reminder view", () => {
  const reminder: Reminder = {
    kind: "reminder",
    heading: "Reminder: your updates for Q3 2016/17",
    organisation: "London Borough of Barnet",
    period: "Q3 2016/17",
    due: "Friday, 20 January 2017",
    when: "due in 7 days",
    for: null,
    items: [
      { ref: "AC/S8", title: "Enablement <b>*rate*</b>", returned: false },
      { ref: "AC/S9", title: "Admissions to care", returned: true },
    ],
  };

  it("in Slack: each item a section with the card's Submit update button, data escaped", () => {
    const { text, blocks } = renderSlack(reminder, { shareable: false }, "");
    expect(text).toBe("Reminder: your updates for Q3 2016/17: 2 to update by Friday, 20 January 2017");
    const items = blocks.filter((b) => b.type === "section" && "accessory" in b && b.accessory);
    expect(items.map((b) => (b as { accessory: { action_id: string; value: string } }).accessory)).toMatchObject([
      { action_id: "kpi_update", value: "AC/S8" },
      { action_id: "kpi_update", value: "AC/S9" },
    ]);
    expect(JSON.stringify(blocks)).toContain("&lt;b&gt;\u2217rate\u2217&lt;/b&gt;");
    expect(JSON.stringify(blocks)).toContain("Returned to you: submit it again.");
    const forJo = renderSlack({ ...reminder, for: "Jo <Bloggs>" }, { shareable: false }, "");
    expect(forJo.text).toContain("(for Jo &lt;Bloggs&gt;)");
  });

  it("in Slack and Teams: a long list stays within a message, the rest counted", () => {
    const many: Reminder = { ...reminder, items: Array.from({ length: 60 }, (_, i) => ({ ref: `X/${i}`, title: `Indicator ${i}`, returned: false })) };
    const { blocks } = renderSlack(many, { shareable: false }, "");
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(blocks.at(-1))).toContain("And 20 more");
    expect(JSON.stringify(renderCard(many))).toContain("And 20 more");
  });

  it("in Teams: each item beside the update dialog's button, a valid card", () => {
    const card = renderCard(reminder);
    expect(problems(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toContain(JSON.stringify(updateButton("AC/S8")));
    expect(json).toContain(JSON.stringify(updateButton("AC/S9")));
    // Markup in a title shown as written: the emphasis and the tag's angle brackets escaped (JSON doubles each backslash).
    expect(json).toContain("Enablement \\\\<b>\\\\*rate\\\\*\\\\</b>");
    expect(problems(renderCard({ kind: "missing", heading: "Still missing for Q3 2016/17", organisation: "London Borough of Barnet", period: "Q3 2016/17", due: "Friday, 20 January 2017", people: [{ name: "Alex Morgan", items: reminder.items }] }))).toEqual([]);
  });

  it("as text", () => {
    expect(renderText({ ...reminder, for: "Jo Bloggs" })).toBe(
      [
        "Reminder: your updates for Q3 2016/17",
        "London Borough of Barnet · due Friday, 20 January 2017 (due in 7 days)",
        "For Jo Bloggs, who could not be reached directly:",
        "Still to update:",
        "  AC/S8    Enablement <b>*rate*</b>",
        "  AC/S9    Admissions to care  (returned to you: submit it again)",
        "Submit each with Submit update, or: kpi update <ref>.",
      ].join("\n"),
    );
    expect(renderText({ kind: "missing", heading: "Still missing for Q3 2016/17", organisation: "London Borough of Barnet", period: "Q3 2016/17", due: "Friday, 20 January 2017", people: [{ name: "No owner", items: [reminder.items[0]!] }] })).toBe(
      ["Still missing for Q3 2016/17", "London Borough of Barnet · was due Friday, 20 January 2017", "No owner:", "  AC/S8    Enablement <b>*rate*</b>"].join("\n"),
    );
  });
});
