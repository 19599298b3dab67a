// The buttons under an answer, other than the forms' (forms.ts): Share in channel, Chart, Next/Previous and
// Open, History and Full commentary. Each carries the question it answers, asked again as the presser's
// workspace sees it now.
import type { App, Context, webApi } from "@slack/bolt";
import { drawPicture, hasPicture, PICTURE_WIDTH, type Pictured } from "../../charts/pictures.ts";
import type { IndicatorCard, View } from "../../core/views.ts";
import { ACTIONS, commentaryBlocks, escape, historyBlocks, imageBlock, isShareable, renderSlack, type SlackMessage } from "./blocks.ts";
import { directMessage, pictureAlt, pictureTitle, pictureUrl, postWithPicture, type SlackTarget } from "./picture.ts";
import { below, message, outOfDate, SORRY, valueOf, whereFrom } from "./replies.ts";
import type { ChartPictures } from "../../charts/pictures.ts";
import type { ChartUrls } from "../../http/chart-urls.ts";

/** Chart pictures: drawn where `pictures` is given, shown from signed URLs where `urls` is too (PUBLIC_URL). */
export interface SlackCharts {
  pictures?: ChartPictures;
  urls?: ChartUrls;
}

const CHART_SORRY = message("Sorry, the chart could not be drawn or sent just now. The card's trend line shows the same figures; please try again in a minute.");

export interface AnswerButtons {
  /** The answer to a question, as the presser's workspace sees it. */
  view(context: Context, text: string): Promise<View>;
  /** The same, as a private Slack message. */
  answer(context: Context, text: string, shareable: boolean): Promise<SlackMessage>;
  apologise(context: Context, body: object): (error: unknown) => SlackMessage;
  /** Logs, once, that a picture did not go out and the text did (or will) instead. */
  pictureFailed(error: unknown, context: Context, shown: Pictured, doing: string): void;
  charts: SlackCharts;
  uploader: webApi.WebClient;
}

export function answerButtons(app: App, deps: AnswerButtons): void {
  const { view, answer, apologise, pictureFailed, charts, uploader } = deps;
  const card = async (context: Context, ref: string): Promise<IndicatorCard | null> => {
    const found = await view(context, ref);
    return found.kind === "indicator" ? found : null;
  };

  // Share in channel: post the answer for everyone through response_url, then remove the private copy.
  // An indicator's card goes with its picture, as one message posted by the bot into the channel (and thread)
  // the button was pressed in; where that fails (the bot is not in the channel, drawing failed), as text.
  app.action(ACTIONS.share, async ({ ack, action, body, respond, context }) => {
    await ack();
    const value = valueOf(action);
    if (!value) return void (await respond(below(outOfDate(null))));
    let found: View;
    try {
      found = await view(context, value);
    } catch (error) {
      return void (await respond(below(apologise(context, body)(error))));
    }
    // The question now finds nothing, or no answer (the data changed since): said privately, nothing posted.
    if (!isShareable(found)) return void (await respond(below(outOfDate(value))));
    const shared = renderSlack(found, { shareable: false, sharedBy: body.user.id }, value);
    const where = whereFrom(body);
    const withPicture = hasPicture(found) && where ? await sharePicture(context, found, shared, where) : false;
    if (!withPicture) await respond({ response_type: "in_channel", replace_original: false, ...shared });
    await respond({ delete_original: true });
  });

  /** Posts the shared card with its picture; false where it did not (logged once), so that the text goes instead. */
  const sharePicture = async (context: Context, shown: Pictured, shared: SlackMessage, where: SlackTarget): Promise<boolean> => {
    if (!charts.pictures) return false;
    try {
      const picture = await drawPicture(charts.pictures, shown, PICTURE_WIDTH.slack);
      if (!picture) return false;
      await postWithPicture(uploader, where, shared, picture);
      return true;
    } catch (error) {
      pictureFailed(error, context, shown, "sharing");
      return false;
    }
  };

  // Chart, below a private answer: the picture in place from its signed URL where PUBLIC_URL is set (Slack
  // fetches it from us), else sent to the asker in their direct message with the bot. The card stays as it was.
  app.action(ACTIONS.chart, async ({ ack, action, body, respond, context }) => {
    await ack();
    const value = valueOf(action);
    let answered: View | null;
    try {
      answered = value ? await view(context, value) : null;
    } catch (error) {
      return void (await respond(below(apologise(context, body)(error))));
    }
    // An indicator's card, a wheel or a comparison: what the button was under.
    const found = answered && hasPicture(answered) ? answered : null;
    if (!found) return void (await respond(below(outOfDate(value))));
    const title = pictureTitle(found);
    const url = pictureUrl(charts.urls, found, PICTURE_WIDTH.slack);
    if (url) {
      const shown = await respond(below({ text: escape(title), blocks: [imageBlock(url, title, pictureAlt(found))] })).then(
        () => true,
        (error: unknown) => (pictureFailed(error, context, found, "showing"), false),
      );
      if (shown) return;
    }
    if (!charts.pictures) return void (await respond(below(CHART_SORRY)));
    try {
      const picture = await drawPicture(charts.pictures, found, PICTURE_WIDTH.slack);
      if (!picture) return void (await respond(below(outOfDate(value))));
      await postWithPicture(uploader, await directMessage(uploader, body.user.id), { text: escape(title), blocks: [{ type: "section", text: { type: "mrkdwn", text: `*${escape(title)}*` } }] }, picture);
      const sent = found.kind === "indicator" ? `chart of ${escape(found.ref)}` : found.kind === "comparison" ? `comparison picture of ${escape(found.ref)}` : "picture of the wheel";
      await respond(below(message(`The ${sent} is in your direct messages with the bot.`)));
    } catch (error) {
      pictureFailed(error, context, found, "sending");
      await respond(below(CHART_SORRY));
    }
  });

  // Next/Previous replace the page shown (an apology goes below it); Open adds the record below.
  for (const [actionId, replacesPage] of [
    [ACTIONS.page, true],
    [ACTIONS.open, false],
  ] as const) {
    app.action(actionId, async ({ ack, action, body, respond, context }) => {
      await ack();
      const value = valueOf(action);
      if (!value) return void (await respond(below(outOfDate(null))));
      const reply = await answer(context, value, true).catch(apologise(context, body));
      await respond({ ...below(reply), replace_original: replacesPage && reply !== SORRY });
    });
  }

  for (const [actionId, blocksFor] of [
    [ACTIONS.history, historyBlocks],
    [ACTIONS.commentary, commentaryBlocks],
  ] as const) {
    app.action(actionId, async ({ ack, action, body, respond, context }) => {
      await ack();
      const value = valueOf(action);
      let reply: SlackMessage;
      try {
        const found = value ? await card(context, value) : null;
        reply = found ? { text: escape(`${found.ref} ${found.title}`), blocks: blocksFor(found) } : outOfDate(value);
      } catch (error) {
        reply = apologise(context, body)(error);
      }
      await respond(below(reply));
    });
  }
}
