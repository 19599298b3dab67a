// Chart pictures as the chat platforms post them: PNG bytes with a title and alt text, for an indicator
// (found by organisation and ref, as the data is now) or for a digest.
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
}

/** Widths drawn for each platform: Slack shows a picture up to its message width; Teams takes card images of at most 1024 px. */
export const PICTURE_WIDTH = { slack: 1200, teams: 720 } as const;
