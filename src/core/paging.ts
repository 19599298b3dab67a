// Lists are shown a page at a time.
export const PAGE_SIZE = 10;

/** The page asked for, or the last one with a notice saying there are no more. */
export function pageOf<T>(items: T[], page: number): { items: T[]; page: number; pageCount: number; total: number; notice: string | null } {
  const pageCount = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const notice = page <= pageCount ? null : pageCount === 1 ? `There is only one page.` : `There are only ${pageCount} pages: this is the last.`;
  return { items: items.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE), page: current, pageCount, total: items.length, notice };
}

/** The query text with its page number replaced: what a Next button sends. */
export function queryForPage(text: string, page: number): string {
  const base = text.replace(/\s*\bpage\s+\d+\b/i, "").trim();
  return page > 1 ? `${base} page ${page}` : base;
}

