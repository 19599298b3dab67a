// A posted digest's card with its summary picture (counts per level by service, this period against the
// last), as Slack's digests carry theirs. Inline only: a digest has no signed subject (it is one channel's
// digest as built at that moment, with its filter and its "since the last digest", which a URL fetched
// later could not draw again), so a picture over the inline size is left out rather than linked.
// Drawing off the answer path (digests are posted by jobs), so there is no budget here.
import { CardFactory, type Activity } from "botbuilder";
import type { ChartPictures } from "../../charts/pictures.ts";
import type { View } from "../../core/views.ts";
import type { Logger } from "../../logger.ts";
import { CARD_IMAGE, pngDataUri, renderCard } from "./cards.ts";
import { CARD_INLINE_WIDTH, CARD_PICTURE_WIDTH } from "./chart-image.ts";

/** Teams refuses messages over about 100 KB; a digest with its picture stays under this. */
export const DIGEST_MESSAGE_BYTES = 80 * 1024;

const activityOf = (card: ReturnType<typeof renderCard>): Partial<Activity> => ({ attachments: [CardFactory.adaptiveCard(card)] });

/** The message to post: a digest with its summary picture where drawn, small enough and fitting; else the text card (a failure logged once, as `where`). */
export async function messageFor(view: View, pictures: ChartPictures | undefined, log: Logger, where: string): Promise<Partial<Activity>> {
  const text = activityOf(renderCard(view));
  if (view.kind !== "digest" || !pictures) return text;
  let picture;
  try {
    picture = await pictures.digest(view, CARD_PICTURE_WIDTH);
    // Twice the card's width where that is small enough to go inline, else the card's width.
    if (picture && picture.png.length >= CARD_IMAGE.inlineBytes) picture = await pictures.digest(view, CARD_INLINE_WIDTH);
  } catch (error) {
    log.warn({ err: error, channel: where }, `drawing the digest's picture for ${where} failed; the digest goes as text`);
    return text;
  }
  if (!picture) return text;
  if (picture.png.length >= CARD_IMAGE.inlineBytes) {
    log.info({ channel: where, bytes: picture.png.length }, `the digest's picture for ${where} is over the inline size (a digest has no signed URL); the digest goes as text`);
    return text;
  }
  const withPicture = activityOf(renderCard(view, { chart: { url: pngDataUri(picture.png), alt: picture.alt } }));
  if (Buffer.byteLength(JSON.stringify(withPicture)) >= DIGEST_MESSAGE_BYTES) {
    log.info({ channel: where }, `the digest for ${where} with its picture is over ${DIGEST_MESSAGE_BYTES / 1024} KB; the digest goes as text`);
    return text;
  }
  return withPicture;
}
