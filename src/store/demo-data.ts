// Loads the demo data (prisma/demo/*.json, transcribed from ../shared/seeds) into the database, all in
// one transaction: a failure leaves nothing half-written. Each report is turned into the rows the import
// takes and written through the same write path (indicator-imports.ts), so it follows the same rules.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { parsePeriod, type Period } from "../core/periods.ts";
import { parsePolarity } from "../core/polarity.ts";
import { cellText } from "../core/cell-text.ts";
import { STORED_ROLES } from "../core/access.ts";
import type { ImportBatch } from "../core/ports.ts";
import type { Db } from "./database.ts";
import { organisationNamed, writeIndicators } from "./indicator-imports.ts";
import type { Tx } from "./updates.ts";

export const DEMO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/demo");

const periodLabel = z.string().refine((s) => parsePeriod(s) !== null, "not a period this system reads");

const indicatorSchema = z.object({
  ref: z.string().min(1),
  refAsPrinted: z.string(),
  codes: z.array(z.string()),
  title: z.string().min(1),
  polarity: z.string().refine((s) => parsePolarity(s) !== null, "unknown polarity"),
  service: z.string().nullable(),
  theme: z.string().nullable(),
  frequency: z.string().nullable(),
  /** How the figure accumulates, where its targets show it ("cumulative": AC/S17's Q2 target is half the year's). */
  aggregation: z.enum(["cumulative", "snapshot", "average", "rolling"]).optional(),
  source: z.string().nullable(),
  targets: z.array(z.object({ period: periodLabel, text: z.string() })),
  results: z.array(
    z.object({
      period: periodLabel,
      text: z.string(),
      numerator: z.number().optional(),
      denominator: z.number().optional(),
      dotShort: z.string().optional(),
      dotLong: z.string().optional(),
    }),
  ),
  benchmark: z.object({
    text: z.string(),
    items: z.array(z.object({ value: z.string(), group: z.string().nullable(), source: z.string().nullable().optional() })),
  }),
  commentary: z.string().nullable(),
});

const actionSchema = z.object({
  kind: z.enum(["commissioning_intention", "key_action", "key_commissioning_activity", "measure_of_success"]),
  ref: z.string().nullable(),
  parentRef: z.string().nullable(),
  title: z.string().min(1),
  rag: z.string().nullable(),
  status: z.string().nullable(),
  dueDate: z.string().nullable(),
  note: z.string().nullable(),
  noteDate: z.string().nullable(),
  service: z.string().nullable(),
  theme: z.string().nullable(),
});

export const demoReportSchema = z.object({
  source: z.string(),
  organisation: z.object({ slug: z.string(), name: z.string() }),
  report: z.object({ title: z.string(), period: periodLabel, published: z.string().nullable() }),
  indicators: z.array(indicatorSchema),
  actions: z.array(actionSchema),
});

const peopleSchema = z.object({
  people: z.array(
    z.object({
      name: z.string(),
      email: z.string().email(),
      role: z.enum(STORED_ROLES),
      organisation: z.string().nullable(),
      services: z.array(z.string()),
      ownsUnassigned: z.boolean().optional(),
    }),
  ),
});

export type DemoReport = z.infer<typeof demoReportSchema>;

/** The demo reports, oldest reporting period first, so later reports restate earlier ones. */
export function readDemoReports(dir = DEMO_DIR): DemoReport[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json") && f !== "people.json")
    .map((f) => demoReportSchema.parse(JSON.parse(readFileSync(path.join(dir, f), "utf8"))))
    .sort((a, b) => periodOf(a.report.period).end.getTime() - periodOf(b.report.period).end.getTime());
}

function periodOf(label: string): Period {
  const period = parsePeriod(label);
  if (!period) throw new Error(`Unreadable period ${label}`);
  return period;
}

export interface LoadSummary {
  loaded: boolean;
  organisations: number;
  indicators: number;
  actions: number;
  results: number;
}

/** True when the demo reports are already in the database. */
export async function demoLoaded(db: Db): Promise<boolean> {
  return (await db.report.count({ where: { source: { startsWith: "seeds/" } } })) > 0;
}

type People = z.infer<typeof peopleSchema>["people"];

/** Who owns what a service does, by organisation slug and service (null: what names no service). */
type OwnerOf = (organisation: string, service: string | null) => string | null;

/** A demo report as the rows the import takes, with what a report carries beyond a table. */
function reportBatch(r: DemoReport, ownerOf: OwnerOf): ImportBatch {
  const owned = (service: string | null) => ownerOf(r.organisation.slug, service);
  return {
    organisation: r.organisation.name,
    slug: r.organisation.slug,
    by: "demo data",
    via: "demo data",
    source: `seeds/${r.source}`,
    report: {
      title: cellText(r.report.title),
      period: r.report.period,
      published: r.report.published,
      actions: r.actions.map((a) => ({ ...a, title: cellText(a.title), note: a.note ? cellText(a.note) : null, due: a.dueDate, owner: owned(a.service) })),
    },
    drafts: r.indicators.map((i, index) => ({
      line: index + 1,
      ref: i.ref,
      refAsPrinted: i.refAsPrinted,
      codes: i.codes,
      title: cellText(i.title),
      polarityText: i.polarity,
      service: i.service,
      theme: i.theme,
      frequency: i.frequency,
      aggregation: i.aggregation ?? null,
      dataSource: i.source,
      targets: i.targets.map((t) => ({ period: periodOf(t.period), text: t.text })),
      results: i.results.map((x) => ({ period: periodOf(x.period), text: x.text, numerator: x.numerator ?? null, denominator: x.denominator ?? null, ragRecorded: null, dotShort: x.dotShort ?? null, dotLong: x.dotLong ?? null })),
      benchmark: i.benchmark.text || null,
      // The latest report's comparators replace the earlier ones.
      benchmarks: i.benchmark.items.map((b) => ({ text: b.value, comparator: b.group, source: b.source ?? null })),
      // A report's commentary is on its own period.
      commentary: i.commentary ? { period: periodOf(r.report.period), text: cellText(i.commentary) } : null,
      owners: [owned(i.service)].filter((o) => o !== null),
    })),
  };
}

export async function loadDemoData(db: Db, dir = DEMO_DIR): Promise<LoadSummary> {
  const reports = readDemoReports(dir);
  const people = peopleSchema.parse(JSON.parse(readFileSync(path.join(dir, "people.json"), "utf8"))).people;
  if (await demoLoaded(db)) return { loaded: false, organisations: 0, indicators: 0, actions: 0, results: 0 };

  return await db.$transaction(
    async (tx) => {
      const resultsBefore = await tx.result.count();
      const orgIds = new Map<string, number>();
      for (const r of reports) if (!orgIds.has(r.organisation.slug)) orgIds.set(r.organisation.slug, (await organisationNamed(tx, r.organisation.name, r.organisation.slug)).id);
      const ownerOf = await writePeople(tx, people, orgIds);

      let indicators = 0;
      for (const r of reports) {
        const counts = await writeIndicators(tx, reportBatch(r, ownerOf));
        if (counts.blocked.length) throw new Error(`The demo report ${r.source} would change ${counts.blocked[0]!.lock.period}, which is locked.`);
        indicators += counts.created.length;
      }
      const actions = reports.reduce((n, r) => n + r.actions.length, 0);
      return { loaded: true, organisations: orgIds.size, indicators, actions, results: (await tx.result.count()) - resultsBefore };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

/** The demo's people, each owning the services people.json lists; says who owns what by service. */
async function writePeople(tx: Tx, people: People, orgIds: Map<string, number>): Promise<OwnerOf> {
  const owners = new Map<string, string>();
  for (const p of people) {
    const orgId = p.organisation ? orgIds.get(p.organisation) ?? null : null;
    const row = await tx.person.upsert({ where: { email: p.email }, create: { name: p.name, email: p.email, role: p.role, organisationId: orgId }, update: {} });
    if (orgId === null) continue;
    for (const name of p.services) {
      await tx.service.upsert({ where: { organisationId_name: { organisationId: orgId, name } }, create: { organisationId: orgId, name, owners: { connect: { id: row.id } } }, update: { owners: { connect: { id: row.id } } } });
      owners.set(`${p.organisation} ${name}`, p.email);
    }
    if (p.ownsUnassigned) owners.set(`${p.organisation} `, p.email);
  }
  return (organisation, service) => owners.get(`${organisation} ${service ?? ""}`) ?? null;
}
