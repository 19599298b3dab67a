// The committee report as one self-contained HTML file: its styles in the file, printable on landscape A4
// (table headers repeat on each printed page), accessible (every table has a caption, every column a
// <th scope="col">, every row its ref as <th scope="row">; a rating is a word, its colour only beside it).
import type { CommitteeReport, ReportActionSection, ReportIndicatorRow, ReportPriorityGroup, ReportComment } from "../core/committee-report.ts";
import { ACTION_HEADINGS, actionCells, actionColumns, commentLines, indicatorCells, indicatorHeadings, LEVEL_COLOURS, levelOf, overviewCells, overviewHeadings, overviewSentence } from "./cells.ts";
import type { ReportOptions } from "./options.ts";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Any text is safe in an element or a quoted attribute once escaped. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** Line breaks kept: commentary comes in paragraphs and bullet points. */
const multiline = (text: string) => escapeHtml(text).replace(/\n+/g, "<br>");

const ratingClass = (text: string) => {
  const level = levelOf(text);
  return level ? ` class="rag rag-${level.toLowerCase().replace(/\s+/g, "-")}"` : ` class="rag"`;
};

const STYLE = `
  @page { size: A4 landscape; margin: 12mm; }
  body { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; font-size: 10pt; color: #1a1a1a; margin: 1.5em; }
  h1 { color: #1f3864; font-size: 20pt; margin: 0 0 0.4em; }
  h2 { color: #1f3864; font-size: 14pt; margin: 1.6em 0 0.4em; break-after: avoid; }
  h3 { color: #2f5496; font-size: 12pt; margin: 1.2em 0 0.3em; break-after: avoid; }
  dl.cover { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
  dl.cover dt { font-weight: bold; }
  dl.cover dd { margin: 0; }
  table { border-collapse: collapse; width: 100%; margin: 0.3em 0 1em; }
  caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
  th, td { border: 1px solid #808080; padding: 0.25em 0.4em; vertical-align: top; text-align: left; font-size: 8.5pt; }
  thead th { background: #1f3864; color: #fff; }
  /* Printed with their backgrounds: white heading text on no background would vanish. */
  thead th, td.rag { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead { display: table-header-group; }
  tbody th { font-weight: bold; background: none; }
  tr { break-inside: avoid; }
  td.rag { font-weight: bold; white-space: nowrap; }
  ${Object.entries(LEVEL_COLOURS)
    .map(([level, c]) => `td.rag-${level.toLowerCase().replace(/\s+/g, "-")} { background: #${c.fill}; color: #${c.text}; }`)
    .join("\n  ")}
  tr.flags td { font-style: italic; background: #f4f4f4; }
  /* The flags stay on the page of their row. */
  tr.flags { break-before: avoid; }
  /* A heading, caption and header row do not stay at the foot of a page without their first row. */
  caption, thead { break-after: avoid; }
  tbody tr:first-child { break-before: avoid; }
  /* The trend charts after the tables: a grid across the page's whole width, as many columns as fit at about
     the width the charts are laid out at (640 px, where their text is 12 px), one on a phone; two on paper. */
  .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 560px), 1fr)); gap: 0.8em; margin: 0.5em 0 1em; }
  figure.chart { margin: 0; padding: 0.3em; border: 1px solid #808080; break-inside: avoid; }
  figure.chart figcaption { font-weight: bold; font-size: 9pt; margin-bottom: 0.2em; }
  img.chart { display: block; width: 100%; height: auto; }
  @media print { .charts { grid-template-columns: repeat(2, 1fr); } }
  p.note { font-style: italic; color: #404040; }
  .no-comment { font-style: italic; }
  @media print { body { margin: 0; } a { color: inherit; } }
`;

const tableHead = (caption: string, headings: string[]) =>
  `<table>\n<caption>${escapeHtml(caption)}</caption>\n<thead><tr>${headings.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead>\n<tbody>\n`;
const TABLE_END = "</tbody>\n</table>";

function table(caption: string, headings: string[], body: string): string {
  return `${tableHead(caption, headings)}${body}${TABLE_END}`;
}

function cover(report: CommitteeReport): string {
  const facts: [string, string][] = [["Organisation", report.organisation], ...(report.service ? [["Service", report.service] as [string, string]] : []), ["Period", report.period], ["Generated", report.generatedText]];
  return [
    `<h1>${escapeHtml(report.title)}</h1>`,
    `<dl class="cover">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("")}</dl>`,
    `<h2 id="method">How ratings are computed</h2>`,
    ...report.bands.map((b) => `<p><strong>RAG bands in force:</strong> ${escapeHtml(b.description)} (${escapeHtml(b.indicators)})</p>`),
    `<ul>${report.method.map((m) => `<li>${escapeHtml(m)}</li>`).join("")}</ul>`,
    ...report.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`),
  ].join("\n");
}

function overview(report: CommitteeReport): string {
  const section = report.overview;
  const parts = [`<h2 id="overview">Overview of performance</h2>`, `<p>${escapeHtml(overviewSentence(report))}</p>`];
  if (!section) return parts.join("\n");
  const row = (cells: string[]) => `<tr><th scope="row">${escapeHtml(cells[0]!)}</th>${cells.slice(1).map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>\n`;
  const headings = overviewHeadings(section);
  parts.push(table(`RAG ratings and long-term direction of travel by indicator type, ${report.period}`, ["Indicator type", ...headings.slice(1)], [...section.byType.map((r) => overviewCells(r, false)), overviewCells(section.overall, true)].map(row).join("")));
  if (section.byService.length > 1) parts.push(table(`By service, ${report.period}`, ["Service", ...headings.slice(1)], section.byService.map((r) => row(overviewCells(r, false))).join("")));
  return parts.join("\n");
}

function indicatorTable(report: CommitteeReport, group: ReportPriorityGroup<ReportIndicatorRow>): string {
  const headings = indicatorHeadings(report);
  const rows = group.rows.map((row) => {
    const cells = indicatorCells(row);
    const line = `<tr><th scope="row">${escapeHtml(cells[0]!)}</th>${cells.slice(1).map((c, i) => (i + 1 === 8 ? `<td${ratingClass(c)}>${escapeHtml(c)}</td>` : `<td>${escapeHtml(c)}</td>`)).join("")}</tr>\n`;
    const flags = row.flags.map((f) => `⚑ ${escapeHtml(f)}`).join("<br>");
    return flags ? `${line}<tr class="flags"><td colspan="${headings.length}">${flags}</td></tr>\n` : line;
  });
  return table(`${group.priority}: indicators, ${report.period}`, headings, rows.join(""));
}

/**
 * The trend charts after the tables, in their order, as parts each given as soon as it is made (a report's
 * 500 charts are never held at once). A chart's image is a part of its own: ASCII, held as one byte a
 * character, never joined into text with “–” or “⚑”, which would make the whole string two bytes a character.
 */
async function* chartSection(report: CommitteeReport, options: ReportOptions): AsyncGenerator<string> {
  if (!options.chartFor) return;
  let opened = false;
  for (const row of report.indicators.flatMap((g) => g.rows)) {
    const chart = await options.chartFor(row);
    if (!chart) continue;
    if (!opened) {
      yield `<h2 id="charts">Trend charts</h2>\n<p class="note">Each indicator's results up to ${escapeHtml(report.period)}, in the order of the indicator tables, with its target and rating.</p>\n<div class="charts">\n`;
      opened = true;
    }
    yield `<figure class="chart"><figcaption>${escapeHtml(row.ref)}</figcaption>`;
    yield `<img class="chart" src="data:image/png;base64,${Buffer.from(chart.png).toString("base64")}" width="${chart.width}" height="${chart.height}" alt="${escapeHtml(chart.description)}">`;
    yield `</figure>\n`;
  }
  if (opened) yield `</div>\n`;
}

function commentTable(report: CommitteeReport, group: ReportPriorityGroup<ReportComment>): string {
  const rows = group.rows.map((c) => {
    const comment = c.comment ? multiline(commentLines(c.comment)) : `<span class="no-comment">No comment recorded for ${escapeHtml(report.period)}.</span>`;
    const intervention = c.intervention ? `<br><strong>Proposed intervention:</strong> ${multiline(c.intervention)}` : "";
    return `<tr><th scope="row">${escapeHtml(`${c.ref} ${c.title}`)}</th><td${ratingClass(c.rating)}>${escapeHtml(c.rating)}</td><td>${comment}${intervention}</td></tr>\n`;
  });
  return table(`${group.priority}: comments and proposed interventions, ${report.period}`, ["Ref and title", "RAG", "Comments and proposed intervention"], rows.join(""));
}

function actionSection(section: ReportActionSection, id: string): string {
  const parts = [`<h2 id="${id}">${escapeHtml(section.heading)}</h2>`];
  for (const [name, counts] of [["RAG rating", section.ragCounts], ["status", section.statusCounts]] as const) {
    if (!counts.length) continue;
    const body = `<tr><th scope="row">${escapeHtml(section.heading)}</th>${counts.map((c) => `<td>${c.count} (${escapeHtml(c.share)})</td>`).join("")}<td>${section.total}</td></tr>\n`;
    parts.push(table(`Overview of ${section.heading.toLowerCase()} by ${name}`, ["Kind", ...counts.map((c) => c.label), "Total"], body));
  }
  const columns = actionColumns(section.groups.flatMap((g) => g.rows));
  for (const group of section.groups) {
    const rows = group.rows.map((a) => {
      const cells = actionCells(a);
      return `<tr>${columns.map((c) => (c === 0 ? `<th scope="row">${escapeHtml(cells[c]!)}</th>` : c === 2 ? `<td${ratingClass(cells[c]!)}>${escapeHtml(cells[c]!)}</td>` : `<td>${multiline(cells[c]!)}</td>`)).join("")}</tr>\n`;
    });
    parts.push(table(`${group.priority === "Other indicators" ? "Other" : group.priority}: ${section.heading.toLowerCase()}`, columns.map((c) => ACTION_HEADINGS[c]!), rows.join("")));
  }
  return parts.join("\n");
}

/** The report as one HTML document. */
export async function renderHtml(report: CommitteeReport, options: ReportOptions = {}): Promise<string> {
  const parts: string[] = [];
  for await (const part of htmlParts(report, options)) parts.push(part);
  return parts.join("");
}

/** The document in parts, in order, to write as they come: a report of 500 charts is never one 30 MB string. */
export async function* htmlParts(report: CommitteeReport, options: ReportOptions = {}): AsyncGenerator<string> {
  // The title element is what a browser tab and a screen reader announce first: short.
  const title = report.title.length > 70 ? `${report.title.slice(0, 69)}…` : report.title;
  yield `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${cover(report)}
${report.indicatorCount ? overview(report) : ""}
`;
  yield `<h2 id="indicators">Indicators</h2>\n`;
  if (!report.indicators.length) yield `<p class="note">No indicator reports in ${escapeHtml(report.period)}.</p>\n`;
  for (const group of report.indicators) {
    yield `<h3>${escapeHtml(group.priority)}</h3>\n${indicatorTable(report, group)}\n`;
  }
  const comments = [`<h2 id="comments">Comments and proposed interventions for indicators that have not met target</h2>`];
  if (!report.notMetTarget.length) comments.push(`<p class="note">Every rated indicator met its target in ${escapeHtml(report.period)}.</p>`);
  for (const group of report.notMetTarget) comments.push(`<h3>${escapeHtml(group.priority)}</h3>`, commentTable(report, group));
  if (report.indicatorCount) {
    yield `${comments.join("\n")}\n`;
    // The charts after the indicators and their comments, before the actions, as in the Word report.
    yield* chartSection(report, options);
  }
  yield `${report.actions.map((s, i) => actionSection(s, `actions-${i + 1}`)).join("\n")}
</main>
</body>
</html>
`;
}
