// An answer's picture for Teams (an indicator card's chart, a wheel's picture, a comparison's dot plot): inline as a data: URI while
// the PNG is small, else from its signed URL (PUBLIC_URL), else none. Drawn within the answer only once the
// drawing libraries are loaded (tens of milliseconds a chart, measured): the first picture in a process
// (about a second, loading vega and resvg) is drawn in the background while that answer goes as text, and a
// picture later than the budget is left out too. No answer waits for more than the budget.
import { drawPicture as draw, PICTURE_WIDTH, TEAMS_CARD_PICTURE, pictureLogFields as logFields, pictureName as named, urlSubject, type ChartPictures, type Pictured } from "../../charts/pictures.ts";
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

/**
 * Where a picture at twice the card's width is over the inline size and no signed URL can show it (a wheel is
 * mostly text and anti-aliased arcs; a few charts are over it too), it is drawn again at the card's width, once:
 * as sharp as the card on an ordinary screen, its text as large.
 */
export const CARD_INLINE_WIDTH = TEAMS_CARD_PICTURE.display;

/** The width pictures are drawn at for Teams cards: twice the card's, never wider than a card takes. */
export const CARD_PICTURE_WIDTH = Math.min(PICTURE_WIDTH.teams, CARD_IMAGE.maxWidth);

const TIMED_OUT = Symbol("timed out");

/** The card's picture, or null (no pictures here, not drawn in time, or drawing failed: logged once). */
export async function chartImageFor(view: Pictured, charts: TeamsCharts, log: Logger): Promise<ChartImage | null> {
  if (!charts.pictures) return null;
  const pictures = charts.pictures;
  const failed = (error: unknown) => log.warn({ err: error, ...logFields(view) }, `Teams: drawing ${named(view)} failed; the card went as text`);
  let timer: NodeJS.Timeout | undefined;
  const drawing = (async (): Promise<ChartImage | null> => {
    const picture = await draw(pictures, view, CARD_PICTURE_WIDTH);
    if (!picture) return null;
    if (picture.png.length < CARD_IMAGE.inlineBytes) return { url: pngDataUri(picture.png), alt: picture.alt };
    const subject = urlSubject(view);
    if (charts.urls && subject) return { url: charts.urls.urlFor(subject, picture.width), alt: picture.alt };
    const smaller = await draw(pictures, view, CARD_INLINE_WIDTH);
    return smaller && smaller.png.length < CARD_IMAGE.inlineBytes ? { url: pngDataUri(smaller.png), alt: smaller.alt } : null;
  })();
  if (!pictures.warm()) {
    drawing.catch(failed);
    log.debug(logFields(view), "Teams: the drawing libraries are loading; this card goes as text, later ones with their picture");
    return null;
  }
  try {
    const image = await Promise.race([drawing, new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), charts.budgetMs ?? PICTURE_BUDGET_MS).unref()))]);
    if (image === TIMED_OUT) {
      // Finishes in the background (nothing waits for it); a failure then is not the asker's concern.
      drawing.catch(() => undefined);
      log.info({ ...logFields(view), budgetMs: charts.budgetMs ?? PICTURE_BUDGET_MS }, `Teams: ${named(view)} was not drawn in time; the card went as text`);
      return null;
    }
    return image;
  } catch (error) {
    failed(error);
    return null;
  } finally {
    clearTimeout(timer);
  }
}
