// The Slack bench's database: the demo data, 10,000 generated indicators of 12 periods
// each and 2,000 generated key actions; the signed requests' workspace (T1) linked to the
// bench council and Barnet, Sutton's to Sutton, so every answer is scoped as in a shared
// database. `node bench/generate.ts <DATABASE_URL>` builds it and prints its counts as JSON
// (bench/slack.ts runs it in a child process).
import { fileURLToPath } from "node:url";
import { figureValue, parseFigure } from "../src/core/figures.ts";
import { quarter } from "../src/core/periods.ts";
import { bumpDataVersion } from "../src/store/data-version.ts";
import type { Db } from "../src/store/database.ts";
import { prepareDatabase } from "../src/store/open.ts";
import { linkWorkspace } from "../src/store/organisations.ts";
import { random } from "./core.ts";

const INDICATORS = 10_000;
const PERIODS = 12;
const ACTIONS = 2_000;

export async function generate(db: Db): Promise<void> {
  const next = random(7);
  const org = await db.organisation.create({ data: { slug: "bench", name: "Bench Council" } });
  const services = await Promise.all(Array.from({ length: 12 }, (_, i) => db.service.create({ data: { organisationId: org.id, name: `Bench service ${i}` } })));
  const periods = [];
  for (let i = 0; i < PERIODS; i++) {
    const p = quarter(((i % 4) + 1) as 1 | 2 | 3 | 4, 2013 + Math.floor(i / 4));
    periods.push(await db.period.upsert({ where: { label: p.label }, create: { label: p.label, kind: p.kind, startDate: p.start, endDate: p.end }, update: {} }));
  }
  for (let start = 0; start < INDICATORS; start += 2_000) {
    const n = Math.min(2_000, INDICATORS - start);
    await db.indicator.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        organisationId: org.id,
        ref: `BN/S${start + i}`,
        refKey: `bns${start + i}`,
        title: `Generated indicator ${start + i} of the bench council`,
        polarity: (start + i) % 3 === 0 ? "smaller" : "bigger",
        polarityText: (start + i) % 3 === 0 ? "Smaller is Better" : "Bigger is Better",
        type: (start + i) % 2 ? "SPI" : "CPI",
        serviceId: services[(start + i) % services.length]!.id,
        searchText: `bn s${start + i} generated indicator ${start + i} of the bench council`,
      })),
    });
  }
  const indicators = await db.indicator.findMany({ where: { organisationId: org.id }, select: { id: true } });
  const targets = [];
  const results = [];
  for (const { id } of indicators) {
    const base = 20 + next() * 60;
    for (const period of periods) {
      const target = `${base.toFixed(1)}%`;
      const result = `${(base * (0.85 + next() * 0.3)).toFixed(1)}%`;
      targets.push({ indicatorId: id, periodId: period.id, text: target, value: figureValue(parseFigure(target)) });
      results.push({ indicatorId: id, periodId: period.id, text: result, value: figureValue(parseFigure(result)) });
    }
  }
  for (let i = 0; i < targets.length; i += 10_000) {
    await db.target.createMany({ data: targets.slice(i, i + 10_000) });
    await db.result.createMany({ data: results.slice(i, i + 10_000) });
  }
  // Key actions due over four years, a tenth marked Overdue, a third completed: about half are overdue.
  const statuses = ["Overdue", "Completed", "On track", "Completed", "In progress", "Completed", "On track", "Delayed", "In progress", "On track"];
  await db.action.createMany({
    data: Array.from({ length: ACTIONS }, (_, i) => {
      const due = new Date(Date.UTC(2015 + (i % 4), (i * 7) % 12, 1 + (i % 28)));
      return {
        organisationId: org.id,
        kind: "key_action",
        ref: `BN KA${i}`,
        refKey: `bnka${i}`,
        title: `Generated key action ${i} of the bench council`,
        status: statuses[i % statuses.length]!,
        rag: i % 3 === 0 ? "Red" : "Green",
        dueText: due.toISOString().slice(0, 10),
        dueDate: due,
        serviceId: services[i % services.length]!.id,
        position: i,
        searchText: `bn ka${i} generated key action ${i} of the bench council`,
      };
    }),
  });
  await bumpDataVersion(db);
  await linkWorkspace(db, "bench", "slack-team", "T1");
  await linkWorkspace(db, "barnet", "slack-team", "T1");
  await linkWorkspace(db, "sutton", "slack-team", "T0SUTTON");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { database } = await prepareDatabase({ DATABASE_URL: process.argv[2]!, loadDemoData: true });
  try {
    await generate(database.db);
    const db = database.db;
    console.log(JSON.stringify({ indicators: await db.indicator.count(), results: await db.result.count(), actions: await db.action.count() }));
  } finally {
    await database.close();
  }
}
