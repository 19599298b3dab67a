// The core's Catalogue port on Prisma.
import type { ActionRecord, Catalogue, IndicatorRecord, PersonRecord } from "../core/ports.ts";
import { asPolarity } from "../core/polarity.ts";
import { ragPolicy } from "../core/ratings.ts";
import type { Db } from "./database.ts";
import { compareRefs, referenceKeys } from "../core/text.ts";
import type { Prisma } from "../generated/sqlite/client.ts";

const indicatorInclude = {
  organisation: true,
  service: true,
  priority: true,
  aliases: true,
  owners: { include: { person: true } },
  targets: { include: { period: true } },
  results: { include: { period: true } },
  benchmarks: { orderBy: { position: "asc" as const } },
  commentary: { include: { period: true }, orderBy: { id: "asc" as const } },
};

const person = (p: { name: string; email: string; role: string; slackUserId: string | null; teamsUserId: string | null }): PersonRecord => ({
  name: p.name,
  email: p.email,
  role: p.role,
  slackUserId: p.slackUserId,
  teamsUserId: p.teamsUserId,
});

const periodRef = (p: { label: string; startDate: Date; endDate: Date }) => ({ label: p.label, start: p.startDate, end: p.endDate });

type IndicatorRow = Prisma.IndicatorGetPayload<{ include: typeof indicatorInclude }>;
type ActionRow = Prisma.ActionGetPayload<{ include: typeof actionInclude }>;

const actionInclude = {
  organisation: true,
  service: true,
  priority: true,
  owner: true,
  parent: true,
  children: { orderBy: { position: "asc" as const } },
};

/** Report order: as each report lists them. */
const actionOrder = [{ organisationId: "asc" as const }, { reportId: "asc" as const }, { position: "asc" as const }];

function toIndicatorRecord(row: IndicatorRow): IndicatorRecord {
  return {
    ref: row.ref,
    lookupKeys: [row.refKey, ...row.aliases.map((a) => a.key)],
    searchText: row.searchText,
    serviceId: row.serviceId,
    title: row.title,
    organisation: row.organisation.name,
    polarity: asPolarity(row.polarity),
    polarityText: row.polarityText,
    service: row.service?.name ?? null,
    priority: row.priority?.name ?? null,
    type: row.type,
    frequency: row.frequency,
    ragPolicy: ragPolicy(row.organisation.ragScheme, row.organisation.ragBands, row.ragBands),
    codes: row.aliases.filter((a) => a.alias !== row.ref && !a.alias.startsWith(`${row.ref} `)).map((a) => a.alias),
    benchmarkText: row.benchmarkText,
    benchmarks: row.benchmarks.map((b) => ({ text: b.text, value: b.value, comparator: b.comparator, source: b.source })),
    targets: row.targets.map((t) => ({ period: periodRef(t.period), text: t.text, value: t.value, low: t.low, high: t.high })),
    results: row.results.map((r) => ({
      period: periodRef(r.period),
      text: r.text,
      value: r.value,
      numerator: r.numerator,
      denominator: r.denominator,
      ragRecorded: r.ragRecorded,
      dotShortRecorded: r.dotShortRecorded,
      dotLongRecorded: r.dotLongRecorded,
      restatedFrom: r.restatedFrom,
    })),
    commentary: row.commentary.map((c) => ({ period: c.period?.label ?? null, text: c.text })),
    owners: row.owners.map((o) => person(o.person)),
  };
}

function toActionRecord(a: ActionRow): ActionRecord {
  return {
    kind: a.kind,
    ref: a.ref,
    lookupKeys: a.ref ? referenceKeys(a.ref) : [],
    serviceId: a.serviceId,
    title: a.title,
    organisation: a.organisation.name,
    rag: a.rag,
    status: a.status,
    dueText: a.dueText,
    dueDate: a.dueDate,
    note: a.note,
    noteDateText: a.noteDateText,
    service: a.service?.name ?? null,
    priority: a.priority?.name ?? null,
    parent: a.parent ? { ref: a.parent.ref, title: a.parent.title } : null,
    children: a.children.map((c) => ({ ref: c.ref, title: c.title, status: c.status, rag: c.rag, dueText: c.dueText })),
    owner: a.owner ? person(a.owner) : null,
  };
}

export function prismaCatalogue(db: Db): Catalogue {
  return {
    async indicatorsByKey(key) {
      const rows = await db.indicator.findMany({
        where: { OR: [{ refKey: key }, { aliases: { some: { key } } }] },
        include: indicatorInclude,
        orderBy: { id: "asc" },
      });
      return rows.map(toIndicatorRecord);
    },

    async indicators({ serviceIds }) {
      const rows = await db.indicator.findMany({
        where: serviceIds ? { serviceId: { in: serviceIds } } : {},
        include: indicatorInclude,
        orderBy: { id: "asc" },
      });
      return rows.map(toIndicatorRecord);
    },

    async indicatorsOwnedBy({ slackUserId, teamsUserId }) {
      if (!slackUserId && !teamsUserId) return { person: null, indicators: [] };
      const found = await db.person.findFirst({ where: slackUserId ? { slackUserId } : { teamsUserId } });
      if (!found) return { person: null, indicators: [] };
      const rows = await db.indicator.findMany({ where: { owners: { some: { personId: found.id } } }, include: indicatorInclude, orderBy: { id: "asc" } });
      return { person: person(found), indicators: rows.map(toIndicatorRecord) };
    },

    async actionsByKey(key) {
      // A combined ref ("MOS 46 & 47") is stored folded whole ("mos4647"): look among the combined ones with the same letters.
      const letters = /^[a-z]*/.exec(key)![0];
      const rows = await db.action.findMany({
        where: { OR: [{ refKey: key }, ...(letters ? [{ refKey: { startsWith: letters }, ref: { contains: "&" } }] : [])] },
        include: actionInclude,
        orderBy: actionOrder,
      });
      return rows.map(toActionRecord).filter((a) => a.lookupKeys.includes(key));
    },

    async actions({ serviceIds }) {
      const rows = await db.action.findMany({
        where: serviceIds ? { serviceId: { in: serviceIds } } : {},
        include: actionInclude,
        orderBy: actionOrder,
      });
      return rows.map(toActionRecord);
    },

    async services() {
      const rows = await db.service.findMany({ include: { organisation: true }, orderBy: { id: "asc" } });
      return rows.map((r) => ({ id: r.id, name: r.name, organisation: r.organisation.name }));
    },

    async searchIndicators(words, limit) {
      const rows = await db.indicator.findMany({
        where: { OR: words.map((w) => ({ searchText: { contains: w } })) },
        include: indicatorInclude,
        take: 500,
      });
      return rows
        .map((row) => ({ record: toIndicatorRecord(row), matched: words.filter((w) => row.searchText.includes(w)).length }))
        .sort((a, b) => b.matched - a.matched || compareRefs(a.record.ref, b.record.ref))
        .slice(0, limit);
    },

    async allRefs() {
      const rows = await db.indicator.findMany({ select: { ref: true, refKey: true, title: true } });
      return rows.map((r) => ({ ref: r.ref, key: r.refKey, title: r.title }));
    },
  };
}
