// An indicator card's picture for Teams: inline as a data: URI while the PNG is small, else from its signed
// URL (PUBLIC_URL), else none. Drawn within the answer only once the drawing libraries are loaded (tens of
// milliseconds a chart, measured): the first picture in a process (about a second, loading vega and resvg)
// is drawn in the background while that answer goes as text, and a picture later than the budget is left
// out too. No answer waits for more than the budget.
import { PICTURE_WIDTH, type ChartPictures } from "../../charts/pictures.ts";
import type { IndicatorCard } from "../../core/views.ts";
import type { ChartUrls } from "../../http/chart-urls.ts";
import type { Logger } from "../../logger.ts";
import { CARD_IMAGE, pngDataUri, type ChartImage } from "./cards.ts";

export interface TeamsCharts {
  pictures?: ChartPictures;
  urls?: ChartUrls;
  /** How long an answer may wait for its picture (default PICTURE_BUDGET_MS). */
  budgetMs?: number;
}

/** How long a card waits for its picture before going as text. */
export const PICTURE_BUDGET_MS = 1_000;

const TIMED_OUT = Symbol("timed out");

/** The card's picture, or null (no pictures here, not drawn in time, or drawing failed: logged once). */
export async function chartImageFor(card: IndicatorCard, charts: TeamsCharts, log: Logger): Promise<ChartImage | null> {
  if (!charts.pictures) return null;
  const subject = { organisation: card.organisation, ref: card.ref };
  const width = Math.min(PICTURE_WIDTH.teams, CARD_IMAGE.maxWidth);
  let timer: NodeJS.Timeout | undefined;
  const drawing = charts.pictures.indicator(subject, width);
  if (!charts.pictures.warm()) {
    drawing.catch((error: unknown) => log.warn({ err: error, ref: card.ref, organisation: card.organisation }, `Teams: drawing the chart of ${card.ref} failed; the card went as text`));
    log.debug({ ref: card.ref }, "Teams: the drawing libraries are loading; this card goes as text, later ones with their chart");
    return null;
  }
  try {
    const picture = await Promise.race([drawing, new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), charts.budgetMs ?? PICTURE_BUDGET_MS).unref()))]);
    if (picture === TIMED_OUT) {
      // Finishes in the background (nothing waits for it); a failure then is not the asker's concern.
      drawing.catch(() => undefined);
      log.info({ ref: card.ref, budgetMs: charts.budgetMs ?? PICTURE_BUDGET_MS }, "Teams: a chart was not drawn in time; the card went as text");
      return null;
    }
    if (!picture) return null;
    const alt = picture.alt;
    if (picture.png.length < CARD_IMAGE.inlineBytes) return { url: pngDataUri(picture.png), alt };
    return charts.urls ? { url: charts.urls.urlFor(subject, picture.width), alt } : null;
  } catch (error) {
    log.warn({ err: error, ref: card.ref, organisation: card.organisation }, `Teams: drawing the chart of ${card.ref} failed; the card went as text`);
    return null;
  } finally {
    clearTimeout(timer);
  }
}
