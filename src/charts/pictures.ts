// Chart pictures as the chat platforms post them: PNG bytes with a title and alt text, for an indicator
// (found by organisation and ref, as the data is now) or for a digest.
import { indicatorChart } from "../core/charts.ts";
import type { Catalogue } from "../core/ports.ts";
import { foldKey } from "../core/text.ts";
import type { Digest } from "../core/views.ts";

/** Which indicator a chart is of: its organisation (as records name it) and its ref. */
export interface ChartSubject {
  organisation: string;
  ref: string;
}

/** A PNG with what it shows in words: its title, and alt text for screen readers. */
export interface Picture {
  png: Buffer;
  width: number;
  height: number;
  title: string;
  alt: string;
}

/** Draws the pictures the platforms send. Either may throw (drawing failed): callers fall back to text. */
export interface ChartPictures {
  /** The indicator's chart at `width` pixels; null where there is no such indicator. */
  indicator(subject: ChartSubject, width: number): Promise<Picture | null>;
  /** A digest's summary picture; null where the digest has none. */
  digest(digest: Digest, width: number): Promise<Picture | null>;
  /** Whether a picture has been drawn in this process: the first loads vega and resvg (about a second), later ones take tens of milliseconds. */
  warm(): boolean;
}

/**
 * Widths drawn for each platform. Slack: 1200 px (55 KB median for the demo indicators). Teams: card images
 * are at most 1024 px, and a picture goes inline only under about 25 KB; at 520 px the demo indicators'
 * PNGs are 20 KB median, 23 KB at most (at 720 px, 30 KB median: nearly all would need a URL).
 */
export const PICTURE_WIDTH = { slack: 1200, teams: 520 } as const;

/**
 * Pictures drawn from the catalogue as it is when asked (every instance reads the same database; nothing is
 * kept here between drawings). draw.ts, with vega and resvg, loads on the first picture, never at start.
 */
export function chartPictures(catalogue: Catalogue, options: { periods?: number } = {}): ChartPictures {
  let drawn = false;
  const drawing = () => import("./draw.ts");
  const draw = async (chart: Parameters<Awaited<ReturnType<typeof drawing>>["drawChart"]>[0], width: number) => {
    const result = await (await drawing()).drawChart(chart, { width });
    drawn = true;
    return result;
  };
  return {
    warm: () => drawn,
    async indicator(subject, width) {
      const record = (await catalogue.indicatorsByKey(foldKey(subject.ref))).find((r) => r.organisation === subject.organisation && r.ref === subject.ref);
      if (!record) return null;
      const chart = indicatorChart(record, { periods: options.periods });
      const picture = await draw(chart, width);
      return { png: picture.png, width: picture.width, height: picture.height, title: `${chart.ref} ${chart.title}: chart`, alt: chart.alt };
    },
    async digest(digest, width) {
      if (!digest.chart || digest.chart.message) return null;
      const picture = await draw(digest.chart, width);
      return { png: picture.png, width: picture.width, height: picture.height, title: digest.chart.title, alt: digest.chart.alt };
    },
  };
}
