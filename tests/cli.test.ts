// The kpi command, run as a user runs it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "./helpers/databases.ts";
import { runKpi } from "./helpers/run.ts";

describe("npm run kpi", () => {
  let target: TestDatabase;
  beforeAll(async () => {
    target = await freshDatabase("sqlite");
  });
  afterAll(async () => target?.drop());

  it('ask "AC/S8" --json carries the figures of the Q2 2016/17 report', async () => {
    const run = await runKpi(["ask", "AC/S8", "--json"], { DATABASE_URL: target.url });
    expect(run.code).toBe(0);
    const view = JSON.parse(run.stdout);
    expect(view).toMatchObject({
      ref: "AC/S8",
      title: "Percentage of new clients, older people accessing enablement",
      polarity: "bigger",
      service: "Adults & Communities",
      latest: { period: "Q2 2016/17", value: 53.2, display: "53.2%", target: { value: 63, display: "63.0%" }, numerator: 194, denominator: 365, previous: { period: "Q1 2016/17", value: 59.7 } },
    });
  });

  it("prints readable text, help for empty text, and refuses over-long text politely", async () => {
    const card = await runKpi(["ask", "acs8"], { DATABASE_URL: target.url });
    expect(card.stdout).toMatch(/Q2 2016\/17: 53\.2% \(194\/365\)\s+against target 63\.0%/);
    const empty = await runKpi(["ask", ""], { DATABASE_URL: target.url });
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/Examples:/);
    const long = await runKpi(["ask", "x".repeat(1001)], { DATABASE_URL: target.url });
    expect(long.stdout).toMatch(/longer than 1000 characters/);
  });

  it('ask "summary" prints seed 002 style counts; junk gets help, never a crash', async () => {
    const summary = await runKpi(["ask", "summary"], { DATABASE_URL: target.url });
    expect(summary.code).toBe(0);
    expect(summary.stdout).toMatch(/Green \d+% \(\d+\) · Green Amber \d+% \(\d+\) · Red Amber \d+% \(\d+\) · Red \d+% \(\d+\)/);
    expect(summary.stdout).toMatch(/improved or same \d+% \(\d+\) · worsened \d+% \(\d+\)/);
    const junk = await runKpi(["ask", "%%% \u0007 ;DROP TABLE \"Indicator\"; --"], { DATABASE_URL: target.url });
    expect(junk.code).toBe(0);
    expect(junk.stderr).toBe("");
  });

  it("answers questions as officers type them, and says why when nothing matches", async () => {
    const card = await runKpi(["ask", "what is AC/S8?"], { DATABASE_URL: target.url });
    expect(card.stdout).toMatch(/^AC\/S8 {2}Percentage of new clients/);
    const page = await runKpi(["ask", "page 2"], { DATABASE_URL: target.url });
    expect(page.stdout).toMatch(/add the question, as in “red page 2”, or use the Next button/);
    expect(page.stdout).not.toMatch(/AC\/S2/);
    const children = await runKpi(["ask", "children"], { DATABASE_URL: target.url });
    expect(children.stdout).toMatch(/^“children” names no organisation, service or indicator title\.\nThe services there are:\n {2}adults {7}Adults & Communities \(London Borough of Barnet\): 17 indicators, 14 actions\n/);
  });

  it("answers whoami as the README's table says: who the operator is and what they see, not as a search", async () => {
    const env = { DATABASE_URL: target.url };
    for (const question of ["whoami", "who am I?"]) {
      const run = await runKpi(["ask", question], env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^You are the operator of this server\n/);
      expect(run.stdout).toContain("who sees every organisation: London Borough of Barnet, London Borough of Sutton");
      expect(run.stdout).not.toMatch(/names no organisation|does not say which indicators/);
    }
    // Asked as a workspace: what that workspace sees, once workspaces are linked.
    expect((await runKpi(["org", "link", "barnet", "--slack-team", "T0CLIBARNET"], env)).code).toBe(0);
    const asBarnet = await runKpi(["ask", "whoami", "--slack-team", "T0CLIBARNET"], env);
    expect(asBarnet.stdout).toContain("Here you ask as slack-team T0CLIBARNET would");
    expect(asBarnet.stdout).toContain("That workspace sees London Borough of Barnet.");
    const asNobody = await runKpi(["ask", "whoami", "--slack-team", "T0CLIOTHER"], env);
    expect(asNobody.stdout).toContain("That workspace is linked to no organisation, so it sees no figures. To link it: kpi org link <organisation> --slack-team T0CLIOTHER");
    expect((await runKpi(["org", "unlink", "barnet", "--slack-team", "T0CLIBARNET"], env)).code).toBe(0);
  });

  it("db seed-demo loads once and says so the second time", async () => {
    const again = await runKpi(["db", "seed-demo"], { DATABASE_URL: target.url });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already in/);
  });

  it("stops with one clear line on a malformed or unreachable database, password hidden", async () => {
    const malformed = await runKpi(["ask", "AC/S8"], { DATABASE_URL: "mysql://root:hunter2@localhost/kpi" });
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/DATABASE_URL: /);
    expect(malformed.stderr).not.toMatch(/hunter2|\n\s+at /);

    const unreachable = await runKpi(["ask", "AC/S8"], { DATABASE_URL: "postgresql://kpi:hunter2@127.0.0.1:1/kpi" });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr.trim().split("\n")).toHaveLength(1);
    expect(unreachable.stderr).toMatch(/^Cannot open the database at postgresql:\/\/kpi:\*\*\*\*@127\.0\.0\.1:1\/kpi/);
    expect(unreachable.stderr).not.toMatch(/hunter2/);
  });

  it("refuses words after an option's value, for every option, before doing anything", async () => {
    const update = await runKpi(["update", "AC/S8", "--period", "Q2 2016/17", "--value", "1", "2", "3", "--commentary", "x", "--as", "kim@example.org"], { DATABASE_URL: target.url });
    expect(update.code).toBe(1);
    expect(update.stderr.trim()).toBe("“2 3” follows --value 1: an option takes one word. Quote a value of several words (--value \"1 2 3\"), and put the command's own words before its options.");
    const cycle = await runKpi(["cycle", "open", "Q3 2016/17", "--due=2017-01-20", "soon", "--organisation", "barnet"], { DATABASE_URL: target.url });
    expect(cycle.code).toBe(1);
    expect(cycle.stderr).toContain("“soon” follows --due=2017-01-20: an option takes one word.");
    // A flag takes no value: the words after it are the command's.
    const ask = await runKpi(["ask", "--json", "AC/S8"], { DATABASE_URL: target.url });
    expect(ask.code, ask.stderr).toBe(0);
  });

  it("exits 2 when kpi cycle open refuses: a bad period, a bad date", async () => {
    const period = await runKpi(["cycle", "open", "Q9 2016/17", "--due", "2017-01-20", "--organisation", "barnet"], { DATABASE_URL: target.url });
    expect(period.stdout).toContain("“Q9 2016/17” is not a period");
    expect(period.code).toBe(2);
    const date = await runKpi(["cycle", "open", "Q3 2016/17", "--due", "20/01/2017", "--organisation", "barnet"], { DATABASE_URL: target.url });
    expect(date.stdout).toContain("“20/01/2017” is not a date");
    expect(date.code).toBe(2);
  });
});
