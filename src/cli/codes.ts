// kpi codes set|remove|list: the national codes (ASCOF 1C(2A), NI 192) an indicator is compared by.
import { nationalCode, nationalCodesOf } from "../core/national-codes.ts";
import { indicatorNamed } from "../core/use-cases/indicator-named.ts";
import { prismaCatalogue } from "../store/catalogue.ts";
import { CodeRefusedError, mapNationalCode } from "../store/comparison.ts";
import type { Db } from "../store/database.ts";
import { findOrganisation, NotFoundError } from "../store/organisations.ts";
import { CODES_USAGE } from "./usage.ts";

export async function runCodes(db: Db, args: string[], values: Record<string, unknown>, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [verb, ref, typed] = args;
  const organisationGiven = typeof values.organisation === "string" ? values.organisation : undefined;
  if (verb === "list") return await listCodes(db, organisationGiven, out, err);
  if ((verb !== "set" && verb !== "remove") || !ref || !typed) {
    err(`Usage:\n${CODES_USAGE}`);
    return 1;
  }
  const code = nationalCode(typed);
  if (!code) {
    err(`“${typed}” is not a national code: write it as ASCOF 1C(2A), NI 192, PHOF 2.22iii or PAF C32. Nothing was changed.`);
    return 1;
  }
  try {
    // Found as the year's changes find theirs: the organisation named, else the one whose reference it is.
    const named = await indicatorNamed(prismaCatalogue(db), ref, null, organisationGiven ? (await findOrganisation(db, organisationGiven)).name : null);
    if ("problem" in named) throw new NotFoundError(named.problem);
    const done = await mapNationalCode(db, { organisation: named.record.organisation, ref: named.record.ref, code, remove: verb === "remove", by: "kpi command" });
    if (verb === "set") out(done.changed ? `${done.ref} (${done.organisation}) now carries ${code.code}: compare ${done.ref} finds the other councils' figures for it.` : `${done.ref} (${done.organisation}) already carries ${code.code}; nothing changed.`);
    else out(done.changed ? `${code.code} removed from ${done.ref} (${done.organisation}).` : `${done.ref} (${done.organisation}) does not carry ${code.code}; nothing changed.`);
    return 0;
  } catch (error) {
    if (!(error instanceof NotFoundError || error instanceof CodeRefusedError)) throw error;
    err(`${error.message} Nothing was changed.`);
    return 1;
  }
}

async function listCodes(db: Db, organisation: string | undefined, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let organisationId: number | undefined;
  try {
    organisationId = organisation ? (await findOrganisation(db, organisation)).id : undefined;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    err(error.message);
    return 1;
  }
  const indicators = await db.indicator.findMany({ where: { organisationId, retiredAt: null }, select: { ref: true, organisation: { select: { slug: true } }, aliases: { select: { alias: true } } }, orderBy: [{ organisationId: "asc" }, { id: "asc" }] });
  const coded = indicators.flatMap((i) => {
    const codes = nationalCodesOf(i.aliases.map((a) => a.alias));
    return codes.length ? [{ slug: i.organisation.slug, ref: i.ref, codes: codes.map((c) => c.code).join(", ") }] : [];
  });
  const width = (key: "slug" | "ref") => Math.max(0, ...coded.map((c) => c[key].length));
  out(coded.length ? coded.map((c) => `${c.slug.padEnd(width("slug"))}  ${c.ref.padEnd(width("ref"))}  ${c.codes}`).join("\n") : "No indicator carries a national code yet: kpi codes set <ref> \"ASCOF 1C(2A)\" gives one.");
  return 0;
}
