// Lists are shown a page at a time.
export const PAGE_SIZE = 10;

export function pageOf<T>(items: T[], page: number): { items: T[]; page: number; pageCount: number; total: number } {
  const pageCount = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  return { items: items.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE), page: current, pageCount, total: items.length };
}

/** The query text with its page number replaced: what a Next button sends. */
export function queryForPage(text: string, page: number): string {
  const base = text.replace(/\s*\bpage\s+\d+\b/i, "").trim();
  return page > 1 ? `${base} page ${page}` : base;
}

