// Key actions' updates through the real command and service: kpi owners set for an action ref, kpi update
// setting RAG, status and a latest note (applied at once, audited, recorded once though sent twice),
// refusals and validation with their reasons, and a running service showing the change within seconds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { startService, type Service } from "../../src/service.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { freshDatabase, providers, type TestDatabase } from "../helpers/databases.ts";
import { memoryLog } from "../helpers/log.ts";
import { runKpi } from "../helpers/run.ts";

const ADMIN = "performance.team@example.org";
/** Priya Shah owns the Commissioning Group's key actions (CG01 ...) in the demo data. */
const PRIYA = "priya.shah@example.org";
const londonToday = () => new Date().toLocaleDateString("en-GB", { timeZone: "Europe/London", day: "numeric", month: "short", year: "numeric" });

describe.each(providers)("key action updates on %s", (provider) => {
  let target: TestDatabase;
  const kpi = (...args: string[]) => runKpi(args, { DATABASE_URL: target.url, LOG_LEVEL: "warn" });
  const json = async (question: string) => {
    const run = await kpi("ask", question, "--json");
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout);
  };
  const history = async (ref: string) => (await json(`history ${ref}`)) as { kind: string; ref: string; entries: { by: string; via: string; action: string; before: string | null; after: string | null }[] };

  beforeAll(async () => {
    target = await freshDatabase(provider);
    const { database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: true });
    await database.close();
  }, 120_000);
  afterAll(async () => target?.drop());

  it("keeps the demo's action owners in their new table: the card names CG01's owner", async () => {
    expect((await json("CG01")).owner).toBe("Priya Shah");
  });

  it("applies the owner's RAG and note at once, audited with before and after, and records the same request twice once", async () => {
    const update = ["update", "CG01", "--rag", "green amber", "--note", "Two sites slipped a quarter: planning appeals.", "--as", PRIYA];
    const [first, second] = await Promise.all([kpi(...update), kpi(...update)]);
    expect([first.code, second.code], first.stderr + second.stderr).toEqual([0, 0]);
    const outputs = [first.stdout, second.stdout].sort();
    expect(outputs[0]).toMatch(/^Already recorded\nCG01 already reads so/);
    expect(outputs[1]).toContain(`Update recorded\nCG01: RAG Green Amber, latest note of ${londonToday()}.`);
    const card = await json("CG01");
    expect(card).toMatchObject({ kind: "action", rag: "Green Amber", note: "Two sites slipped a quarter: planning appeals.", noteDate: londonToday() });
    const changes = await history("CG01");
    expect(changes.kind).toBe("changes");
    expect(changes.entries).toHaveLength(1);
    expect(changes.entries[0]).toMatchObject({ by: PRIYA, via: "command line", action: "RAG and latest note updated" });
    expect(changes.entries[0]!.before).toMatch(/^RAG Green; note: Good progress has been made/);
    expect(changes.entries[0]!.after).toBe(`RAG Green Amber; note of ${londonToday()}: Two sites slipped a quarter: planning appeals.`);
  });

  it("takes a status for a measure of success, as Sutton reports them", async () => {
    const run = await kpi("update", "MOS 1", "--status", "overdue", "--note", "Consultation moved to the autumn.", "--as", ADMIN);
    expect(run.code, run.stderr).toBe(0);
    expect(await json("MOS 1")).toMatchObject({ status: "Overdue", note: "Consultation moved to the autumn." });
    expect((await history("MOS 1")).entries[0]).toMatchObject({ action: "status and latest note updated", by: ADMIN });
  });

  it("refuses a stranger and a viewer with the reason, and names the option for a bad RAG, status or missing note, recording nothing", async () => {
    const stranger = await kpi("update", "CG02", "--rag", "Red", "--note", "x", "--as", "stranger@example.org");
    expect(stranger.code).toBe(3);
    expect(stranger.stderr).toContain("Nobody has the email stranger@example.org");
    const notOwner = await kpi("update", "CG02", "--rag", "Red", "--note", "x", "--as", "alex.morgan@example.org");
    expect(notOwner.code).toBe(3);
    expect(notOwner.stderr).toContain("Updating CG02 needs you to own it or be its delegate, or the officer role in London Borough of Barnet; you are neither.");
    const bad = await kpi("update", "CG02", "--rag", "purple", "--status", "finished-ish", "--as", PRIYA);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--rag: “purple” is not a RAG: choose Green, Green Amber, Amber, Red Amber, Red, Not rated.");
    expect(bad.stderr).toContain("--status: “finished-ish” is not a status");
    expect(bad.stderr).toContain("--note: A latest note is required");
    const long = await kpi("update", "CG02", "--note", "x".repeat(3001), "--as", PRIYA);
    expect(long.stderr).toContain("--note: The note is at most 3,000 characters; this is 3,001.");
    expect((await history("CG02")).entries).toEqual([]);
  });

  it("sets an action's owner and delegate with kpi owners set, audited; the delegate may then update it", async () => {
    const set = await kpi("owners", "set", "CG02", "alex.morgan@example.org", "--delegate", "sam.okafor@example.org");
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain("CG02 (London Borough of Barnet): owner alex.morgan@example.org, delegate sam.okafor@example.org.");
    expect((await json("CG02")).owner).toBe("Alex Morgan, Sam Okafor");
    const [entry] = (await history("CG02")).entries;
    expect(entry).toMatchObject({ action: "owners set", before: `${PRIYA} (owner)`, after: "alex.morgan@example.org (owner), sam.okafor@example.org (delegate)", via: "command line" });
    // Priya no longer owns it; the delegate may update it.
    expect((await kpi("update", "CG02", "--note", "x", "--as", PRIYA)).code).toBe(3);
    const delegate = await kpi("update", "CG02", "--rag", "Red", "--note", "Budget pressure.", "--as", "sam.okafor@example.org");
    expect(delegate.code, delegate.stderr).toBe(0);
    expect((await json("CG02")).rag).toBe("Red");
  });

  it("shows an update made by the command to a running service within seconds (the data version moved)", async () => {
    const service: Service = await startService(loadConfig({ DATABASE_URL: target.url, PORT: "0", HOST: "127.0.0.1" }), { logger: memoryLog().logger });
    try {
      expect((await service.catalogue.actionsByKey("cg03"))[0]?.rag).toBe("Green Amber");
      const run = await kpi("update", "CG03", "--rag", "Red Amber", "--note", "Procurement re-run.", "--as", ADMIN);
      expect(run.code, run.stderr).toBe(0);
      // The running service's read model reloads at its next poll of the data version.
      const deadline = Date.now() + 15_000;
      let seen = await service.catalogue.actionsByKey("cg03");
      while (seen[0]?.rag !== "Red Amber" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        seen = await service.catalogue.actionsByKey("cg03");
      }
      expect(seen[0]).toMatchObject({ rag: "Red Amber", note: "Procurement re-run." });
    } finally {
      await service.stop();
    }
  }, 60_000);
});
