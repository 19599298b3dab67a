// The committee report as a Word document (docx): real tables whose header rows repeat on every page,
// Word's own heading styles, and a few named styles ("Report Title", "Table Text", "Table Heading",
// "Report Note") that a council can map onto its committee template. The cover on portrait A4; the
// tables (eleven columns of the overview, ten of the indicators) on landscape A4, about eight indicators a
// page as the councils print them; the trend charts after the tables, as a grid of small multiples.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from "docx";
import type { CommitteeReport, ReportIndicatorRow } from "../core/committee-report.ts";
import { ACTION_HEADINGS, actionCells, actionColumns, commentLines, indicatorCells, indicatorHeadings, LEVEL_COLOURS, levelOf, overviewCells, overviewHeadings, overviewSentence } from "./cells.ts";
import type { ReportChart, ReportOptions } from "./options.ts";

// A4 in twentieths of a point, and margins of 1.27 cm: what is left is a landscape table's width.
const A4 = { width: 11906, height: 16838 };
const MARGIN = 720;
const LANDSCAPE_WIDTH = A4.height - 2 * MARGIN;

const STYLES = {
  // Space after each paragraph: a paragraph followed by a table does not sit on it.
  default: { document: { run: { font: "Arial", size: 20 }, paragraph: { spacing: { after: 120 } } } },
  paragraphStyles: [
    { id: "ReportTitle", name: "Report Title", basedOn: "Title", next: "Normal", quickFormat: true, run: { font: "Arial", size: 48, bold: true, color: "1F3864" }, paragraph: { spacing: { after: 240 } } },
    { id: "TableText", name: "Table Text", basedOn: "Normal", quickFormat: true, run: { size: 16 }, paragraph: { spacing: { before: 20, after: 20 } } },
    { id: "TableHeading", name: "Table Heading", basedOn: "TableText", next: "TableText", quickFormat: true, run: { bold: true, color: "FFFFFF" } },
    { id: "ReportNote", name: "Report Note", basedOn: "Normal", quickFormat: true, run: { size: 16, italics: true, color: "404040" } },
    { id: "ChartCaption", name: "Chart Caption", basedOn: "TableText", next: "TableText", quickFormat: true, run: { size: 16 }, paragraph: { spacing: { before: 40, after: 0 } } },
  ],
};

const HEADER_FILL = "1F3864";

/** Every table's borders, written out in one grey. */
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: "808080" };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER };

/**
 * The trend charts' grid: three to a row, three rows to a landscape page (nine charts a page). A chart is laid
 * out 640 pixels wide, so at 8.7 cm its axis labels print at about 4.6 pt and its title at 6.5 pt: small but
 * legible, as small multiples are; two to a row (four a page) would take Barnet's Q1 report to about 26 pages, not 20.
 */
export const CHART_COLUMNS = 3;
/** Word's default left and right cell margin (0.19 cm), and twips in a pixel at 96 to the inch. */
const CELL_MARGIN = 108;
const TWIPS_PER_PIXEL = 15;
/** A chart's width in the grid, in pixels as Word places pictures (96 to the inch): its column less the cell's margins, about 8.7 cm. */
export const GRID_CHART_WIDTH = Math.floor((Math.floor(LANDSCAPE_WIDTH / CHART_COLUMNS) - 2 * CELL_MARGIN) / TWIPS_PER_PIXEL);

/** Ref, action, RAG or status, due, latest note, owner: the note gets the room. */
const ACTION_SHARES = [0.7, 3.2, 1, 0.9, 4.2, 1.2];

function textParagraphs(text: string, style: string): Paragraph[] {
  // Line breaks in commentary are paragraphs in Word.
  return text.split(/\n+/).map((line) => new Paragraph({ style, text: line }));
}

function cell(text: string, options: { width: number; header?: boolean; fill?: string; colour?: string; columnSpan?: number; bold?: boolean; keepNext?: boolean }): TableCell {
  const style = options.header ? "TableHeading" : "TableText";
  // Written only where it holds: a keepNext of false on every cell paragraph is noise in the file.
  const keepNext = options.keepNext || undefined;
  const children = options.colour || options.bold
    ? text.split(/\n+/).map((line) => new Paragraph({ style, keepNext, children: [new TextRun({ text: line, color: options.colour, bold: options.bold })] }))
    : text.split(/\n+/).map((line) => new Paragraph({ style, keepNext, text: line }));
  return new TableCell({
    children,
    width: { size: options.width, type: WidthType.DXA },
    columnSpan: options.columnSpan,
    shading: options.header ? { type: ShadingType.CLEAR, color: "auto", fill: HEADER_FILL } : options.fill ? { type: ShadingType.CLEAR, color: "auto", fill: options.fill } : undefined,
  });
}

/**
 * A cell's own borders, for the cells that span the table or stand in the chart grid, where LibreOffice drew
 * the table's borders incompletely. Not on every cell: in a report of 500 indicators they cost 35 MB.
 */
const CELL_BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER };

/** A table whose first row is its header, repeated at the top of every page it runs onto. */
function table(headings: string[], rows: TableRow[], widths: number[]): Table {
  const header = new TableRow({ tableHeader: true, cantSplit: true, children: headings.map((h, i) => cell(h, { width: widths[i]!, header: true })) });
  return new Table({ rows: [header, ...rows], columnWidths: widths, layout: TableLayoutType.FIXED, width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA }, borders: BORDERS });
}

/** Column widths as shares of the page's width. */
const widthsOf = (shares: number[], total: number) => {
  const sum = shares.reduce((a, b) => a + b, 0);
  return shares.map((s) => Math.floor((s / sum) * total));
};

const ratingCell = (text: string, width: number, keepNext?: boolean) => {
  const colours = LEVEL_COLOURS[levelOf(text) ?? ""];
  return cell(text, { width, fill: colours?.fill, colour: colours?.text, bold: true, keepNext });
};

// A heading stays with what follows it, never alone at the foot of a page.
const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) => new Paragraph({ text, heading: level, keepNext: true });
const note = (text: string, keepNext = false) => new Paragraph({ style: "ReportNote", text, keepNext: keepNext || undefined });

function indicatorRows(rows: ReportIndicatorRow[], widths: number[]): TableRow[] {
  const out: TableRow[] = [];
  const full = widths.reduce((a, b) => a + b, 0);
  for (const row of rows) {
    const cells = indicatorCells(row);
    const flags = row.flags.map((f) => new Paragraph({ style: "TableText", children: [new TextRun({ text: `⚑ ${f}`, italics: true })] }));
    // A row keeps with its flags under it: never a flag at the top of the next page without its row.
    const keepNext = flags.length > 0;
    out.push(new TableRow({ cantSplit: true, children: cells.map((text, i) => (i === 8 ? ratingCell(text, widths[i]!, keepNext) : cell(text, { width: widths[i]!, bold: i === 0, keepNext }))) }));
    if (flags.length) out.push(new TableRow({ cantSplit: true, children: [new TableCell({ children: flags, columnSpan: widths.length, width: { size: full, type: WidthType.DXA }, borders: CELL_BORDERS })] }));
  }
  return out;
}

/** A chart under its ref, in one cell. */
function chartCell(row: ReportIndicatorRow, chart: ReportChart, width: number, pictureId: number): TableCell {
  // In the drawing's proportion.
  const image = new ImageRun({ type: "png", data: chart.png, transformation: { width: GRID_CHART_WIDTH, height: Math.round((GRID_CHART_WIDTH * chart.height) / chart.width) }, altText: { id: String(pictureId), name: `${row.ref} trend`, description: chart.description, title: `${row.ref} trend` } });
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    borders: CELL_BORDERS,
    children: [
      // The chart's own title names it in full; the ref is text here, so that a search of the document finds it.
      new Paragraph({ style: "ChartCaption", keepNext: true, children: [new TextRun({ text: row.ref, bold: true })] }),
      new Paragraph({ style: "TableText", alignment: AlignmentType.CENTER, children: [image] }),
    ],
  });
}

/**
 * The trend charts after the tables, in the tables' order: a grid of small multiples, each row of the grid
 * kept whole on its page. Rows without a chart are left out of the grid; none at all, no section.
 */
async function chartSection(report: CommitteeReport, options: ReportOptions): Promise<(Paragraph | Table)[]> {
  if (!options.chartFor) return [];
  const columnWidth = Math.floor(LANDSCAPE_WIDTH / CHART_COLUMNS);
  const charted: TableCell[] = [];
  for (const row of report.indicators.flatMap((g) => g.rows)) {
    const chart = await options.chartFor(row);
    // Each picture's own id (docx 9.6.1 gives every one id 1, which Word may take for a damaged file).
    if (chart) charted.push(chartCell(row, chart, columnWidth, charted.length + 1));
  }
  if (!charted.length) return [];
  const gridRows: TableRow[] = [];
  for (let at = 0; at < charted.length; at += CHART_COLUMNS) {
    const cells = charted.slice(at, at + CHART_COLUMNS);
    // The last row's empty places, so that every row has the grid's columns.
    while (cells.length < CHART_COLUMNS) cells.push(new TableCell({ width: { size: columnWidth, type: WidthType.DXA }, borders: CELL_BORDERS, children: [new Paragraph({ style: "TableText", text: "" })] }));
    gridRows.push(new TableRow({ cantSplit: true, children: cells }));
  }
  const widths = Array.from({ length: CHART_COLUMNS }, () => columnWidth);
  return [
    // On a page of its own: the grid starts at the top, never a heading stranded at the foot of the comments.
    new Paragraph({ text: "Trend charts", heading: HeadingLevel.HEADING_1, keepNext: true, pageBreakBefore: true }),
    note(`Each indicator's results up to ${report.period}, in the order of the indicator tables, with its target and rating.`, true),
    new Table({ rows: gridRows, columnWidths: widths, layout: TableLayoutType.FIXED, width: { size: columnWidth * CHART_COLUMNS, type: WidthType.DXA }, borders: BORDERS }),
  ];
}

function overview(report: CommitteeReport): (Paragraph | Table)[] {
  const section = report.overview;
  if (!section) return [note(overviewSentence(report))];
  const headings = overviewHeadings(section);
  const widths = widthsOf([2.2, ...section.levels.map(() => 1), 1.1, 1.3, 1.2, 1.1, 1.2, 1.1], LANDSCAPE_WIDTH);
  const rows = [...section.byType.map((r) => overviewCells(r, false)), overviewCells(section.overall, true)].map(
    (cells, r, all) => new TableRow({ cantSplit: true, children: cells.map((text, i) => cell(text, { width: widths[i]!, bold: i === 0 || r === all.length - 1 })) }),
  );
  const parts: (Paragraph | Table)[] = [heading("Overview of performance", HeadingLevel.HEADING_1), new Paragraph({ text: overviewSentence(report) }), table(headings, rows, widths)];
  if (section.byService.length > 1) {
    const byService = section.byService.map((r) => new TableRow({ cantSplit: true, children: overviewCells(r, false).map((text, i) => cell(text, { width: widths[i]!, bold: i === 0 })) }));
    parts.push(heading("By service", HeadingLevel.HEADING_2), table(headings.map((h, i) => (i === 0 ? "Service" : h)), byService, widths));
  }
  return parts;
}

function cover(report: CommitteeReport): Paragraph[] {
  return [
    new Paragraph({ style: "ReportTitle", text: report.title }),
    new Paragraph({ children: [new TextRun({ text: "Organisation: ", bold: true }), new TextRun(report.organisation)] }),
    ...(report.service ? [new Paragraph({ children: [new TextRun({ text: "Service: ", bold: true }), new TextRun(report.service)] })] : []),
    new Paragraph({ children: [new TextRun({ text: "Period: ", bold: true }), new TextRun(report.period)] }),
    new Paragraph({ children: [new TextRun({ text: "Generated: ", bold: true }), new TextRun(report.generatedText)] }),
    heading("How ratings are computed", HeadingLevel.HEADING_2),
    ...report.bands.map((b) => new Paragraph({ children: [new TextRun({ text: "RAG bands in force: ", bold: true }), new TextRun(`${b.description} (${b.indicators})`)] })),
    ...report.method.map((m) => new Paragraph({ text: m, bullet: { level: 0 } })),
    ...report.notes.map((n) => note(n)),
  ];
}

function indicatorSection(report: CommitteeReport): (Paragraph | Table)[] {
  const widths = widthsOf([0.8, 2.4, 0.9, 1, 1, 1.2, 1.4, 1.4, 0.95, 1.3, 1.3], LANDSCAPE_WIDTH);
  const parts: (Paragraph | Table)[] = [heading("Indicators", HeadingLevel.HEADING_1)];
  if (!report.indicators.length) parts.push(note(`No indicator reports in ${report.period}.`));
  for (const group of report.indicators) {
    parts.push(heading(group.priority, HeadingLevel.HEADING_2), table(indicatorHeadings(report), indicatorRows(group.rows, widths), widths));
  }
  return parts;
}

function commentSection(report: CommitteeReport): (Paragraph | Table)[] {
  const parts: (Paragraph | Table)[] = [heading("Comments and proposed interventions for indicators that have not met target", HeadingLevel.HEADING_1)];
  if (!report.notMetTarget.length) parts.push(note(`Every rated indicator met its target in ${report.period}.`));
  const widths = widthsOf([2.2, 0.8, 6], LANDSCAPE_WIDTH);
  for (const group of report.notMetTarget) {
    const rows = group.rows.map(
      (c) =>
        // A comment is read whole: its row moves to the next page rather than split (one longer than a page still breaks).
        new TableRow({
          cantSplit: true,
          children: [
            cell(`${c.ref} ${c.title}`, { width: widths[0]! }),
            ratingCell(c.rating, widths[1]!),
            new TableCell({
              width: { size: widths[2]!, type: WidthType.DXA },
              children: [
                ...(c.comment ? textParagraphs(commentLines(c.comment), "TableText") : [new Paragraph({ style: "TableText", children: [new TextRun({ text: `No comment recorded for ${report.period}.`, italics: true })] })]),
                ...(c.intervention ? [new Paragraph({ style: "TableText", children: [new TextRun({ text: "Proposed intervention: ", bold: true }), new TextRun(c.intervention)] })] : []),
              ],
            }),
          ],
        }),
    );
    parts.push(heading(group.priority, HeadingLevel.HEADING_2), table(["Ref and title", "RAG", "Comments and proposed intervention"], rows, widths));
  }
  return parts;
}

function actionSections(report: CommitteeReport): (Paragraph | Table)[] {
  const parts: (Paragraph | Table)[] = [];
  for (const section of report.actions) {
    const columns = actionColumns(section.groups.flatMap((g) => g.rows));
    const widths = widthsOf(columns.map((i) => ACTION_SHARES[i]!), LANDSCAPE_WIDTH);
    parts.push(heading(section.heading, HeadingLevel.HEADING_1));
    for (const counts of [section.ragCounts, section.statusCounts]) {
      if (!counts.length) continue;
      const countWidths = widthsOf([...counts.map(() => 1), 1], LANDSCAPE_WIDTH);
      const row = new TableRow({ cantSplit: true, children: [...counts.map((c, i) => cell(`${c.count} (${c.share})`, { width: countWidths[i]! })), cell(String(section.total), { width: countWidths[counts.length]! })] });
      parts.push(heading(`Overview of ${section.heading.toLowerCase()}`, HeadingLevel.HEADING_2), table([...counts.map((c) => c.label), `No. of ${section.heading.toLowerCase()}`], [row], countWidths));
    }
    for (const group of section.groups) {
      const rows = group.rows.map((a) => {
        const cells = actionCells(a);
        return new TableRow({ cantSplit: true, children: columns.map((c, i) => (c === 2 ? ratingCell(cells[c]!, widths[i]!) : cell(cells[c]!, { width: widths[i]!, bold: c === 0 }))) });
      });
      parts.push(heading(group.priority === "Other indicators" ? "Other" : group.priority, HeadingLevel.HEADING_2), table(columns.map((c) => ACTION_HEADINGS[c]!), rows, widths));
    }
  }
  return parts;
}

export async function renderDocx(report: CommitteeReport, options: ReportOptions = {}): Promise<Buffer> {
  const portrait = { page: { size: { ...A4, orientation: PageOrientation.PORTRAIT }, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } } };
  const landscape = { page: { size: { ...A4, orientation: PageOrientation.LANDSCAPE }, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } } };
  const footer = new Footer({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, style: "ReportNote", children: [new TextRun(`${report.title} · generated ${report.generatedText} · page `), new TextRun({ children: [PageNumber.CURRENT] })] })] });
  const sections: ISectionOptions[] = [
    { properties: portrait, footers: { default: footer }, children: cover(report) },
    {
      properties: landscape,
      footers: { default: footer },
      // A report of actions alone (Sutton's outturn) says once that no indicator reports, and goes on to the actions.
      // The charts after the indicators and their comments (the council's §3), before the key actions.
      children: report.indicatorCount
        ? [...overview(report), ...indicatorSection(report), ...commentSection(report), ...(await chartSection(report, options)), ...actionSections(report)]
        : [...indicatorSection(report), ...actionSections(report)],
    },
  ];
  const document = new Document({ creator: "Council KPI bot", title: report.title, description: `${report.organisation} performance report for ${report.period}`, styles: STYLES, sections });
  return await Packer.toBuffer(document);
}
