// The committee report for Barnet's Commissioning Group, Q1 2016/17, against seed 002 (the report the
// council printed): every indicator row with its figures, every comment, the overview from the summary
// use case; then as a Word package (unzipped and parsed) and as HTML (validated), and from the kpi command.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { HtmlValidate } from "html-validate";
import JSZip from "jszip";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import type { CommitteeReport, ReportIndicatorRow } from "../../src/core/committee-report.ts";
import { cellText } from "../../src/core/cell-text.ts";
import { buildIndicatorCard, recordAsOf } from "../../src/core/indicator-card.ts";
import { parsePeriod } from "../../src/core/periods.ts";
import { buildReport } from "../../src/core/use-cases/build-report.ts";
import { summarise } from "../../src/core/use-cases/summarise.ts";
import { indicatorCells, indicatorHeadings } from "../../src/reports/cells.ts";
import { renderDocx } from "../../src/reports/docx.ts";
import { escapeHtml, renderHtml } from "../../src/reports/html.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { readDemoReports } from "../../src/store/demo-data.ts";
import { demoDatabase, providers } from "../helpers/databases.ts";
import { root, runKpi } from "../helpers/run.ts";

const seed = readFileSync(path.join(root, "tests/fixtures/seeds/002_e7ceb2775773dfa9.txt"), "utf8");
const seedLines = seed.split("\n");
const cells = (line: string) => line.split("\t").map((c) => cellText(c));
const REF = /^CG\/[CS]\d+/;
// §3.2a: the indicator rows (ten cells, a ref first).
const seedRows = seedLines.map(cells).filter((c) => c.length >= 10 && REF.test(c[0]!));
// §3.2b: the refs that open a "Ref and title" cell, between its heading and §4.
const commentSection = seed.slice(seed.indexOf("3.2b Comments"), seed.indexOf("## 4. Key Actions"));
const commentedRefs = [...new Set(commentSection.split("\n").flatMap((line) => REF.exec(line) ?? []))];
const transcribed = readDemoReports().find((r) => r.source.startsWith("002"))!;
const normalise = (text: string) => text.replace(/\s+/g, " ").trim();

const period = parsePeriod("Q1 2016/17")!;
const request = { organisation: "barnet", period: "Q1 2016/17", service: "Commissioning Group", now: new Date("2026-12-02T10:00:00Z") };

function rowsOf(report: CommitteeReport): ReportIndicatorRow[] {
  return report.indicators.flatMap((g) => g.rows);
}

/** Every table of a Word document as rows of cell texts (a cell's paragraphs joined by a space). */
function wordTables(documentXml: string): string[][][] {
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => ["w:tbl", "w:tr", "w:tc", "w:p", "w:r", "w:t"].includes(name) });
  const parsed = parser.parse(documentXml);
  const text = (node: unknown): string => {
    if (node === null || typeof node !== "object") return "";
    return Object.entries(node as Record<string, unknown>)
      .map(([key, value]) => {
        if (key === "w:t") return (value as unknown[]).map((t) => (typeof t === "object" ? String((t as Record<string, unknown>)["#text"] ?? "") : String(t))).join("");
        if (key === "w:p") return (value as unknown[]).map(text).join(" ");
        return Array.isArray(value) ? value.map(text).join("") : text(value);
      })
      .join("");
  };
  const tables: string[][][] = [];
  const walk = (node: unknown) => {
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === "w:tbl") for (const tbl of value as Record<string, unknown>[]) tables.push((tbl["w:tr"] as Record<string, unknown>[]).map((tr) => ((tr["w:tc"] as unknown[]) ?? []).map((tc) => text(tc).trim())));
      else if (Array.isArray(value)) value.forEach(walk);
      else walk(value);
    }
  };
  walk(parsed);
  return tables;
}

describe.each(providers)("the committee report on %s", (provider) => {
  const database = demoDatabase(provider);
  const report = async () => {
    const outcome = await buildReport(prismaCatalogue(database().db), request);
    if (!outcome.ok) throw new Error(outcome.message);
    return outcome.report;
  };

  it("carries every indicator row of seed 002 §3.2a with its figures; CG/S17's Q1 as restated, with the restatement noted", async () => {
    const r = await report();
    const rows = rowsOf(r);
    expect(rows.map((x) => x.ref).sort()).toEqual([...new Set(seedRows.map((c) => REF.exec(c[0]!)![0]))].sort());
    for (const printed of seedRows) {
      const ref = REF.exec(printed[0]!)![0];
      const row = rows.find((x) => x.ref === ref)!;
      const shown = indicatorCells(row).join(" | ");
      // Polarity, annual target, Q1 target, Q1 result, Q4 2015/16 result, DOT short, Q1 2015/16 result, DOT long.
      const wanted = [2, 3, 4, 5, 6, 7, 8, 9].map((i) => printed[i]!);
      if (ref === "CG/S17") {
        expect(row.result).toBe("19.4%");
        expect(row.flags.join(" ")).toContain(`earlier reported as ${printed[5]}`);
        wanted.splice(3, 1);
      }
      for (const figure of wanted) expect(shown, `${ref}: ${figure}`).toContain(figure);
    }
    // The card's own disagreement, kept beside the recorded direction.
    const c16 = rows.find((x) => x.ref === "CG/C16")!;
    expect(c16.dotLong).toMatchObject({ computed: "Improving", recorded: "Worsening", differs: true });
  });

  it("rates each row as the card built for Q1 2016/17 does", async () => {
    const rows = rowsOf(await report());
    const records = (await prismaCatalogue(database().db).indicators({})).filter((x) => x.service === "Commissioning Group");
    for (const record of records) {
      const card = buildIndicatorCard(recordAsOf(record, period));
      const row = rows.find((x) => x.ref === record.ref)!;
      expect(row.rating.level, record.ref).toBe(card.latest!.rating.level);
      expect(row.result, record.ref).toBe(card.latest!.display);
    }
    // CG/S17 is at Q2 2016/17 in the database: the report shows its Q1 row.
    expect(buildIndicatorCard(records.find((x) => x.ref === "CG/S17")!).latest!.period).toBe("Q2 2016/17");
  });

  it("carries every §3.2b comment, for indicators that have not met target", async () => {
    const r = await report();
    const comments = r.notMetTarget.flatMap((g) => g.rows);
    expect(commentedRefs.length).toBe(13);
    for (const ref of commentedRefs) {
      const comment = comments.find((c) => c.ref === ref);
      expect(comment, ref).toBeDefined();
      expect(comment!.rating).not.toBe("Green");
      // As loaded: the seed's leftover HTML made plain text, as the loader does.
      expect(normalise(comment!.comment ?? ""), ref).toBe(normalise(cellText(transcribed.indicators.find((i) => i.ref === ref)!.commentary!)));
    }
    // Every indicator below target is there; those the council left without comment say so.
    const below = rowsOf(r).filter((x) => x.rating.level !== "Green" && x.rating.level !== "Not rated");
    expect(comments.map((c) => c.ref).sort()).toEqual(below.map((x) => x.ref).sort());
  });

  it("takes its overview from the summary use case for the organisation, service and period", async () => {
    const r = await report();
    const catalogue = prismaCatalogue(database().db);
    const service = (await catalogue.services()).find((s) => s.name === "Commissioning Group")!;
    const organisation = (await catalogue.organisations()).find((o) => o.slug === "barnet")!;
    const summary = await summarise(catalogue, { organisations: [organisation], services: [service] }, period);
    expect(summary.sections).toHaveLength(1);
    expect(r.overview).toEqual(summary.sections[0]);
    expect(r.overview!.overall.total).toBe(28);
  });

  it("counts the key actions as seed 002 §4.1 prints them, and leaves out the intentions first reported at Q2", async () => {
    const r = await report();
    expect(r.actions.map((s) => s.heading)).toEqual(["Key actions"]);
    const keyActions = r.actions[0]!;
    expect(keyActions.total).toBe(33);
    expect(keyActions.ragCounts.map((c) => `${c.label} ${c.count} (${c.share})`)).toEqual(["Green 19 (58%)", "Green Amber 12 (36%)", "Red Amber 0 (0%)", "Red 0 (0%)", "Not rated 2 (6%)"]);
    expect(r.notes.join(" ")).toContain("18 actions were first reported in a later period (Q2 2016/17)");
  });

  it("says what is wrong with an unknown organisation, period or service", async () => {
    const catalogue = prismaCatalogue(database().db);
    const tries = [
      [{ ...request, organisation: "camden" }, /No organisation “camden”.*barnet \(London Borough of Barnet\)/],
      [{ ...request, period: "Q5 2016/17" }, /“Q5 2016\/17” is not a period/],
      [{ ...request, period: "Q3 2019/20" }, /no results and no actions for Q3 2019\/20.*Q1 2016\/17/],
      [{ ...request, service: "parks" }, /not a service of London Borough of Barnet: the services are .*Commissioning Group/],
    ] as const;
    for (const [asked, message] of tries) {
      const outcome = await buildReport(catalogue, asked);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.message).toMatch(message);
    }
  });

  it("is a valid Word package whose indicator table holds CG/C23, CG/S24 and CG/C15 with the seed's figures and the card's ratings", async () => {
    const r = await report();
    const zip = await JSZip.loadAsync(await renderDocx(r));
    for (const part of ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml"]) expect(zip.file(part), part).not.toBeNull();
    const xml = await zip.file("word/document.xml")!.async("string");
    const tables = wordTables(xml);
    const headings = indicatorHeadings(r);
    const indicatorTables = tables.filter((t) => t[0]!.join("|") === headings.join("|"));
    expect(indicatorTables.length).toBe(r.indicators.length);
    const byRef = new Map(indicatorTables.flatMap((t) => t.slice(1)).map((row) => [row[0]!, row] as const));
    const expected: Record<string, string[]> = {
      "CG/C23": ["Sickness absence", "Smaller is Better", "6 days", "6 days", "8.35 days", "8.49 days", "8.0 days", "Red"],
      "CG/S24": ["Overall satisfaction with customer services", "Bigger is Better", "80%", "80%", "77%", "74%", "Green Amber"],
      "CG/C15": ["litter/ dirt in streets", "Smaller is Better", "17.0%", "17.0%", "15.0% (Spring 2016)", "18.0% (Spring 2015)", "Green"],
    };
    for (const [ref, figures] of Object.entries(expected)) {
      const row = byRef.get(ref);
      expect(row, ref).toBeDefined();
      for (const figure of figures) expect(row!.join(" | "), `${ref}: ${figure}`).toContain(figure);
      expect(row![8], `${ref} RAG`).toBe(rowsOf(r).find((x) => x.ref === ref)!.rating.level);
    }
    // Header rows repeat on each page; the tables are on landscape A4; the named styles are there to map.
    expect(xml.match(/<w:tblHeader\/>|<w:tblHeader w:val="(true|1|on)"\/>/g)?.length).toBeGreaterThanOrEqual(tables.length);
    expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    const styles = await zip.file("word/styles.xml")!.async("string");
    for (const name of ["Report Title", "Table Text", "Table Heading", "Report Note", "Heading 1"]) expect(styles, name).toContain(`w:val="${name}"`);
    // CG/S17's restatement is noted under its row.
    expect(tables.flat().some((row) => row.join(" ").includes("earlier reported as 19.7% (Dec 2015)"))).toBe(true);
  });

  it("is valid HTML with a caption on every table and a <th scope> for every column", async () => {
    const r = await report();
    const html = await renderHtml(r);
    const validation = await new HtmlValidate({ extends: ["html-validate:recommended"] }).validateString(html);
    expect(validation.results.flatMap((x) => x.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`))).toEqual([]);
    expect(validation.valid).toBe(true);
    const tables = html.split("<table>").slice(1).map((t) => t.slice(0, t.indexOf("</table>")));
    expect(tables.length).toBeGreaterThan(5);
    for (const table of tables) {
      expect(table).toMatch(/^\s*<caption>[^<]+<\/caption>/);
      const head = table.slice(table.indexOf("<thead>"), table.indexOf("</thead>"));
      const columns = (head.match(/<th /g) ?? []).length;
      expect((head.match(/<th scope="col">/g) ?? []).length).toBe(columns);
      // Each body row that is not a note spanning the table has as many cells as there are column headers.
      for (const row of table.slice(table.indexOf("<tbody>")).split("<tr").slice(1).filter((x) => !x.includes("colspan"))) {
        expect((row.match(/<t[hd][ >]/g) ?? []).length).toBe(columns);
        expect(row).toMatch(/^[^>]*>\s*<th scope="row">/);
      }
    }
    // Each rating is a word in its cell, whatever its colour.
    expect(html).toMatch(/<td class="rag rag-red">Red<\/td>/);
    expect(html).toContain("Barnet Homes and the Commissioning Group have been the only DUs");
    expect(html).toContain("earlier reported as 19.7% (Dec 2015)");
  });

  it("places a trend chart under each row where the charts hook gives one, with its description for screen readers", async () => {
    const r = await report();
    const image = new PNG({ width: 4, height: 2 });
    image.data.fill(200);
    const png = PNG.sync.write(image);
    const drawn: string[] = [];
    const chartFor = async (row: ReportIndicatorRow) => {
      drawn.push(`${row.ref}:${row.trend.map((f) => f.period).join(",")}`);
      return row.ref === "CG/C23" ? { png, width: 240, height: 120, description: `${row.ref} results: ${row.trend.map((f) => `${f.period} ${f.display}`).join(", ")}` } : null;
    };
    const zip = await JSZip.loadAsync(await renderDocx(r, { chartFor }));
    expect(Object.keys(zip.files).filter((f) => f.startsWith("word/media/") && f.endsWith(".png"))).toHaveLength(1);
    expect(await zip.file("word/document.xml")!.async("string")).toContain('descr="CG/C23 results: Q1 2015/16 8.0 days, Q4 2015/16 8.49 days, Q1 2016/17 8.35 days"');
    const html = await renderHtml(r, { chartFor });
    expect(html).toContain(`<img class="chart" src="data:image/png;base64,${Buffer.from(png).toString("base64")}" width="240" height="120" alt="CG/C23 results: Q1 2015/16 8.0 days, Q4 2015/16 8.49 days, Q1 2016/17 8.35 days">`);
    expect((await new HtmlValidate({ extends: ["html-validate:recommended"] }).validateString(html)).valid).toBe(true);
    // Each row's trend stops at the report's period: CG/S17's Q2 is not in a Q1 report.
    expect(drawn.find((d) => d.startsWith("CG/S17:"))).not.toContain("Q2 2016/17");
  });

  it("escapes whatever text the records hold", async () => {
    const r = await report();
    const hostile = { ...r, title: `<script>alert("x")</script> & co`, indicators: [{ priority: "<b>Priority</b>", rows: [{ ...rowsOf(r)[0]!, title: "</td><td>Injected & more" }] }] };
    const html = await renderHtml(hostile);
    expect(html).not.toContain("<script>");
    expect(html).toContain(escapeHtml(`<script>alert("x")</script> & co`));
    expect(html).toContain("&lt;/td&gt;&lt;td&gt;Injected &amp; more");
    const validation = await new HtmlValidate({ extends: ["html-validate:recommended"] }).validateString(html);
    expect(validation.valid).toBe(true);
  });
});

describe("kpi report", () => {
  const database = demoDatabase("sqlite");
  const dir = mkdtempSync(path.join(os.tmpdir(), "kpi-report-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the Word and the HTML report", async () => {
    const env = { DATABASE_URL: database.url() };
    const docx = path.join(dir, "q1.docx");
    const html = path.join(dir, "q1.html");
    const first = await runKpi(["report", "--organisation", "barnet", "--period", "Q1 2016/17", "--format", "docx", "--out", docx, "--no-charts"], env);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Wrote ${docx} (DOCX`);
    const zip = await JSZip.loadAsync(readFileSync(docx));
    expect(await zip.file("word/document.xml")!.async("string")).toContain("CG/C23");
    const second = await runKpi(["report", "--organisation", "London Borough of Barnet", "--period", "Q1 2016/17", "--service", "Commissioning Group", "--out", html, "--no-charts"], env);
    expect(second.code).toBe(0);
    expect(readFileSync(html, "utf8")).toMatch(/^<!DOCTYPE html>[\s\S]*CG\/S24[\s\S]*<\/html>\n$/);
  });

  it("refuses an unknown organisation with a clear message and writes nothing", async () => {
    const out = path.join(dir, "none.docx");
    const run = await runKpi(["report", "--organisation", "camden", "--period", "Q1 2016/17", "--out", out], { DATABASE_URL: database.url() });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^No organisation “camden”. The organisations are: barnet/);
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(existsSync(out)).toBe(false);
  });
});
