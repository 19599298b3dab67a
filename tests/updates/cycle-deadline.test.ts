// A reporting cycle's deadline reads as the day the officer typed, in winter and in summer (British Summer
// Time put the end of a summer day into the next one when it was printed in London time).
import { describe, expect, it } from "vitest";
import type { PersonProfile } from "../../src/core/access.ts";
import { closeCycle, cycleStatus, openCycle } from "../../src/core/use-cases/cycles.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { prismaCycles } from "../../src/store/updates.ts";
import { demoDatabase } from "../helpers/databases.ts";

const OFFICER: PersonProfile = { name: "Kim Officer", email: "performance.team@example.org", role: "admin", organisation: null, slackUserId: null, teamsUserId: null, owns: 0 };

describe("a reporting cycle's deadline", () => {
  const db = demoDatabase("sqlite");
  const command = () => ({ catalogue: prismaCatalogue(db().db), cycles: prismaCycles(db().db), person: OFFICER, organisation: "London Borough of Barnet", via: "command line" });

  it.each([
    ["Q3 2016/17", "2017-01-20", "Friday 20 January 2017"],
    ["Q1 2017/18", "2017-07-20", "Thursday 20 July 2017"],
  ])("opened for %s due %s is due on %s", async (period, due, day) => {
    const opened = await openCycle(command(), period, due);
    expect(opened.lines.join(" ")).toContain(day.replace(" ", ", "));
    expect((await cycleStatus(command())).lines[0]).toContain(day.replace(" ", ", "));
    expect((await closeCycle(command())).heading).toBe("Reporting cycle closed");
  });
});
