// Chart pictures as the chat platforms post them: PNG bytes with a title and alt text, for an indicator
// (found by organisation and ref, as the data is now), for a performance wheel, for a comparison across
// councils or for a digest.
import { wheelChart } from "../core/charts.ts";
import { comparisonChart } from "../core/comparison-chart.ts";
import { comparisonHeading } from "../core/format.ts";
import type { Catalogue } from "../core/ports.ts";
import { chartIndicator } from "../core/use-cases/chart-indicator.ts";
import { chartWheel } from "../core/use-cases/chart-wheel.ts";
import type { Comparison, Digest, IndicatorCard, View, Wheel } from "../core/views.ts";

/** Which indicator a chart is of: its organisation (as records name it) and its ref. */
export interface ChartSubject {
  kind?: "indicator";
  organisation: string;
  ref: string;
}

/** Which wheel a picture is of: its organisation (as records name it) and the period assessed, the whole wheel. */
export interface WheelSubject {
  kind: "wheel";
  organisation: string;
  period: string;
}

/** What a signed picture URL names. */
export type PictureSubject = ChartSubject | WheelSubject;

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
  /** A wheel's picture: the wheel answered (as filtered), or the whole wheel of an organisation for a period; null where there is none. */
  wheel(of: Wheel | WheelSubject, width: number): Promise<Picture | null>;
  /** A comparison's dot plot, drawn from the comparison answered (what the asker may see of other councils); null where no council has a figure. */
  comparison(view: Comparison, width: number): Promise<Picture | null>;
  /** A digest's summary picture; null where the digest has none. */
  digest(digest: Digest, width: number): Promise<Picture | null>;
  /** Whether a picture has been drawn in this process: the first loads vega and resvg (about a second), later ones take tens of milliseconds. */
  warm(): boolean;
}

/** The answers that have a picture: an indicator's card (its chart), a performance wheel and a comparison (its dot plot). */
export type Pictured = IndicatorCard | Wheel | Comparison;

export const hasPicture = (view: View): view is Pictured => view.kind === "indicator" || view.kind === "wheel" || view.kind === "comparison";

/** Draws the answer's picture; null where there is none (the indicator has gone). Throws where drawing fails. */
export const drawPicture = (pictures: ChartPictures, view: Pictured, width: number): Promise<Picture | null> =>
  view.kind === "indicator" ? pictures.indicator({ organisation: view.organisation, ref: view.ref }, width) : view.kind === "wheel" ? pictures.wheel(view, width) : pictures.comparison(view, width);

/**
 * What a signed URL draws for the answer: the indicator, or the whole wheel for its period. A narrowed wheel has
 * none (the URL would show all of it); nor has a comparison: what it shows depends on who asks (a council that
 * does not share sees no other council's own figures), which a URL drawn for anyone would have to carry and
 * check again. It is uploaded (Slack) or inlined (Teams) instead.
 */
export const urlSubject = (view: Pictured): PictureSubject | null =>
  view.kind === "indicator" ? { organisation: view.organisation, ref: view.ref } : view.kind === "comparison" || view.filter ? null : { kind: "wheel", organisation: view.organisation, period: view.period };

/** Names the answer in a log line, and in words. */
export const pictureLogFields = (view: Pictured) =>
  view.kind === "indicator" ? { ref: view.ref, organisation: view.organisation } : view.kind === "comparison" ? { comparison: view.ref, code: view.code, organisation: view.organisation } : { wheel: view.period, organisation: view.organisation };
export const pictureName = (view: Pictured) => (view.kind === "indicator" ? `the chart of ${view.ref}` : view.kind === "comparison" ? `the comparison picture of ${view.ref}` : `the picture of the wheel for ${view.period}`);

/**
 * Teams shows a card's picture at the card's width, about 480 px: a picture drawn 1024 px wide for a 640 px
 * layout had its text at 7 to 9 px there. So Teams' pictures are laid out at 480 px, their text the size it
 * is shown at, and drawn at twice that for sharp screens (or once, where twice is over the inline size).
 */
export const TEAMS_CARD_PICTURE = { display: 480, density: 2 } as const;

/** Widths drawn for each platform. Slack: 1200 px (laid out at 640). Teams: 960 px for its 480 px card. */
export const PICTURE_WIDTH = { slack: 1200, teams: TEAMS_CARD_PICTURE.display * TEAMS_CARD_PICTURE.density } as const;

/**
 * How a picture `width` pixels wide is laid out: Teams' widths (960, and 480 where that is over the inline
 * size) for the card's display, without the wheel's key (the wheel card lists every segment's title, status
 * and direction in text below its picture); any other width at the default layout. By width, so that a
 * picture drawn again from its signed URL is the one the card was given.
 */
export function layoutFor(width: number): { layout?: number; wheelKey: boolean } {
  const teams = width === TEAMS_CARD_PICTURE.display || width === PICTURE_WIDTH.teams;
  return teams ? { layout: TEAMS_CARD_PICTURE.display, wheelKey: false } : { wheelKey: true };
}

/**
 * Pictures drawn from the catalogue as it is when asked (every instance reads the same database; nothing is
 * kept here between drawings). draw.ts, with vega and resvg, loads on the first picture, never at start.
 */
export function chartPictures(catalogue: Catalogue, options: { periods?: number } = {}): ChartPictures {
  let drawn = false;
  const drawing = () => import("./draw.ts");
  /** The chart drawn as a Picture with its title and its own alt text. */
  const draw = async (chart: Parameters<Awaited<ReturnType<typeof drawing>>["drawChart"]>[0] & { alt: string }, width: number, title: string): Promise<Picture> => {
    const { png, width: drawnWidth, height } = await (await drawing()).drawChart(chart, { width, ...layoutFor(width) });
    drawn = true;
    return { png, width: drawnWidth, height, title, alt: chart.alt };
  };
  return {
    warm: () => drawn,
    async indicator(subject, width) {
      // Found as kpi chart finds it: the organisation named, the reference as written.
      const chart = await chartIndicator(catalogue, { ref: subject.ref, organisation: subject.organisation, periods: options.periods });
      if (chart.kind !== "indicator_chart") return null;
      return await draw(chart, width, `${chart.ref} ${chart.title}: chart`);
    },
    async wheel(of, width) {
      const chart = of.kind === "wheel" && "segments" in of ? wheelChart(of) : await chartWheel(catalogue, { organisation: of.organisation, period: of.period });
      if (chart.kind !== "wheel_chart") return null;
      return await draw(chart, width, `${chart.title}, ${chart.organisation}`);
    },
    async comparison(view, width) {
      const chart = comparisonChart(view);
      if (chart.message) return null;
      return await draw(chart, width, comparisonHeading(view));
    },
    async digest(digest, width) {
      if (!digest.chart || digest.chart.message) return null;
      return await draw(digest.chart, width, digest.chart.title);
    },
  };
}
