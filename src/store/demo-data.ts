// Loads the demo data (prisma/demo/*.json, transcribed from ../shared/seeds)
// into the database, all in one transaction: a failure leaves nothing half-written.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { figureValue, parseFigure, targetFigures } from "../core/figures.ts";
import { parsePeriod, parseReportDate, type Period } from "../core/periods.ts";
import { parsePolarity } from "../core/polarity.ts";
import { cellText } from "../core/cell-text.ts";
import { foldKey, searchWords } from "../core/text.ts";
import { STORED_ROLES } from "../core/access.ts";
import { bumpDataVersion } from "./data-version.ts";
import type { Db } from "./database.ts";

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

const indicatorType = (ref: string) => (/^[A-Z]+\/C\d/i.test(ref) ? "CPI" : /^[A-Z]+\/S\d/i.test(ref) ? "SPI" : null);

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

export async function loadDemoData(db: Db, dir = DEMO_DIR): Promise<LoadSummary> {
  const reports = readDemoReports(dir);
  const people = peopleSchema.parse(JSON.parse(readFileSync(path.join(dir, "people.json"), "utf8"))).people;
  if (await demoLoaded(db)) return { loaded: false, organisations: 0, indicators: 0, actions: 0, results: 0 };

  return await db.$transaction(
    async (tx) => {
      const periodIds = new Map<string, number>();
      const periodId = async (label: string) => {
        const period = periodOf(label);
        let id = periodIds.get(period.label);
        if (id === undefined) {
          const row = await tx.period.upsert({
            where: { label: period.label },
            create: { label: period.label, kind: period.kind, startDate: period.start, endDate: period.end },
            update: {},
          });
          id = row.id;
          periodIds.set(period.label, id);
        }
        return id;
      };

      const orgIds = new Map<string, number>();
      for (const r of reports) {
        if (orgIds.has(r.organisation.slug)) continue;
        const org = await tx.organisation.upsert({
          where: { slug: r.organisation.slug },
          create: { slug: r.organisation.slug, name: r.organisation.name },
          update: {},
        });
        orgIds.set(r.organisation.slug, org.id);
      }

      const serviceId = async (orgId: number, name: string | null) =>
        name
          ? (await tx.service.upsert({ where: { organisationId_name: { organisationId: orgId, name } }, create: { organisationId: orgId, name }, update: {} })).id
          : null;
      const priorityId = async (orgId: number, name: string | null) =>
        name
          ? (await tx.priority.upsert({ where: { organisationId_name: { organisationId: orgId, name } }, create: { organisationId: orgId, name }, update: {} })).id
          : null;

      // People, and who owns what.
      const ownerOfService = new Map<number, number>();
      const ownerOfUnassigned = new Map<number, number>();
      for (const p of people) {
        const orgId = p.organisation ? orgIds.get(p.organisation) ?? null : null;
        const row = await tx.person.upsert({
          where: { email: p.email },
          create: { name: p.name, email: p.email, role: p.role, organisationId: orgId },
          update: {},
        });
        if (orgId === null) continue;
        for (const name of p.services) {
          const id = (await serviceId(orgId, name))!;
          await tx.service.update({ where: { id }, data: { owners: { connect: { id: row.id } } } });
          ownerOfService.set(id, row.id);
        }
        if (p.ownsUnassigned) ownerOfUnassigned.set(orgId, row.id);
      }
      const ownerFor = (orgId: number, svc: number | null) => (svc !== null ? ownerOfService.get(svc) : ownerOfUnassigned.get(orgId)) ?? null;

      let indicators = 0;
      let actions = 0;
      let results = 0;
      for (const r of reports) {
        const orgId = orgIds.get(r.organisation.slug)!;
        const report = await tx.report.create({
          data: { organisationId: orgId, title: cellText(r.report.title), periodLabel: r.report.period, published: r.report.published, source: `seeds/${r.source}` },
        });
        const reportPeriodId = await periodId(r.report.period);

        for (const i of r.indicators) {
          const refKey = foldKey(i.ref);
          const title = cellText(i.title);
          const svc = await serviceId(orgId, i.service);
          const existing = await tx.indicator.findUnique({ where: { organisationId_refKey: { organisationId: orgId, refKey } } });
          const indicator =
            existing ??
            (await tx.indicator.create({
              data: {
                organisationId: orgId,
                ref: i.ref,
                refKey,
                title,
                polarity: parsePolarity(i.polarity)!,
                polarityText: i.polarity,
                frequency: i.frequency,
                type: indicatorType(i.ref),
                dataSource: i.source,
                serviceId: svc,
                priorityId: await priorityId(orgId, i.theme),
                searchText: "",
              },
            }));
          if (!existing) indicators++;

          const aliases = [i.refAsPrinted, ...i.codes].filter((a) => foldKey(a) && foldKey(a) !== refKey);
          for (const alias of aliases) {
            await tx.indicatorAlias.upsert({
              where: { indicatorId_key: { indicatorId: indicator.id, key: foldKey(alias) } },
              create: { indicatorId: indicator.id, alias, key: foldKey(alias) },
              update: {},
            });
          }
          const allAliases = await tx.indicatorAlias.findMany({ where: { indicatorId: indicator.id } });
          const searchText = [...new Set(searchWords([i.ref, title, ...allAliases.map((a) => a.alias)].join(" ")))].join(" ");
          // The unit the report's figures carry (%, £, days), where they agree on one.
          const units = new Set([...i.targets, ...i.results].map((f) => parseFigure(f.text)).flatMap((f) => ("unit" in f && f.unit ? [f.unit] : [])));
          await tx.indicator.update({
            where: { id: indicator.id },
            data: {
              searchText,
              benchmarkText: i.benchmark.text || null,
              frequency: indicator.frequency ?? i.frequency,
              unit: indicator.unit ?? (units.size === 1 ? [...units][0]! : null),
            },
          });

          const owner = ownerFor(orgId, indicator.serviceId);
          if (owner !== null) {
            await tx.indicatorOwner.upsert({
              where: { indicatorId_personId: { indicatorId: indicator.id, personId: owner } },
              create: { indicatorId: indicator.id, personId: owner },
              update: {},
            });
          }

          for (const t of i.targets) {
            const data = targetFigures(t.text);
            const pid = await periodId(t.period);
            await tx.target.upsert({ where: { indicatorId_periodId: { indicatorId: indicator.id, periodId: pid } }, create: { indicatorId: indicator.id, periodId: pid, ...data }, update: data });
          }

          for (const res of i.results) {
            const pid = await periodId(res.period);
            const data = {
              text: res.text,
              value: figureValue(parseFigure(res.text)),
              numerator: res.numerator ?? null,
              denominator: res.denominator ?? null,
              dotShortRecorded: res.dotShort ?? null,
              dotLongRecorded: res.dotLong ?? null,
              reportId: report.id,
            };
            const before = await tx.result.findUnique({ where: { indicatorId_periodId: { indicatorId: indicator.id, periodId: pid } }, include: { report: true } });
            if (!before) {
              await tx.result.create({ data: { indicatorId: indicator.id, periodId: pid, ...data } });
              results++;
            } else if (before.text !== res.text) {
              // A later report restates the period: its figure stands, the earlier one is kept beside it.
              await tx.result.update({
                where: { id: before.id },
                data: {
                  ...data,
                  numerator: data.numerator ?? before.numerator,
                  denominator: data.denominator ?? before.denominator,
                  dotShortRecorded: data.dotShortRecorded ?? before.dotShortRecorded,
                  dotLongRecorded: data.dotLongRecorded ?? before.dotLongRecorded,
                  restatedFrom: `${before.text} in “${before.report?.title ?? "an earlier report"}”`,
                },
              });
            } else if (res.dotShort || res.dotLong) {
              await tx.result.update({ where: { id: before.id }, data: { dotShortRecorded: data.dotShortRecorded ?? before.dotShortRecorded, dotLongRecorded: data.dotLongRecorded ?? before.dotLongRecorded } });
            }
          }

          // Benchmarks: the latest report's comparators replace the earlier ones.
          await tx.benchmark.deleteMany({ where: { indicatorId: indicator.id } });
          await tx.benchmark.createMany({
            data: i.benchmark.items.map((b, position) => ({
              indicatorId: indicator.id,
              position,
              text: b.value,
              value: figureValue(parseFigure(b.value)),
              comparator: b.group,
              source: b.source ?? null,
            })),
          });

          if (i.commentary) {
            await tx.commentary.create({ data: { indicatorId: indicator.id, periodId: reportPeriodId, text: cellText(i.commentary) } });
          }
        }

        const actionIds = new Map<string, number>();
        for (const [position, a] of r.actions.entries()) {
          const svc = await serviceId(orgId, a.service);
          const title = cellText(a.title);
          const row = await tx.action.create({
            data: {
              organisationId: orgId,
              kind: a.kind,
              ref: a.ref,
              refKey: a.ref ? foldKey(a.ref) : null,
              parentId: a.parentRef ? actionIds.get(a.parentRef) ?? null : null,
              title,
              rag: a.rag,
              status: a.status,
              dueText: a.dueDate,
              dueDate: a.dueDate ? parseReportDate(a.dueDate) : null,
              note: a.note ? cellText(a.note) : null,
              noteDateText: a.noteDate,
              noteDate: a.noteDate ? parseReportDate(a.noteDate) : null,
              serviceId: svc,
              priorityId: await priorityId(orgId, a.theme),
              owners: ownerFor(orgId, svc) !== null ? { create: { personId: ownerFor(orgId, svc)! } } : undefined,
              reportId: report.id,
              position,
              searchText: searchWords(`${a.ref ?? ""} ${title}`).join(" "),
            },
          });
          if (a.ref) actionIds.set(a.ref, row.id);
          actions++;
        }
      }
      await bumpDataVersion(tx);
      return { loaded: true, organisations: orgIds.size, indicators, actions, results };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
