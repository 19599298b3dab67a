// A card and its picture (or any file: the committee report) as one Slack message, through the upload flow that replaced files.upload (retired
// November 2025): files.getUploadURLExternal, the bytes POSTed to the URL it gives, then
// files.completeUploadExternal with the channel and the card's blocks, which Slack posts as one message with
// the picture below the blocks. Bolt's client.filesUploadV2 makes exactly these three calls.
//
// Not an image block with slack_file: Slack refuses one naming a file not yet shared into a conversation
// ("invalid slack file", invalid_blocks; slackapi/java-slack-sdk#1349, python-slack-sdk#1658), and the file
// being uploaded is not shared until completeUploadExternal has run, so that would take two messages.
// No initial_comment either: Slack ignores the blocks when it is given.
import type { webApi } from "@slack/bolt";
import { urlSubject, type Picture, type Pictured } from "../../charts/pictures.ts";
import { wheelChart } from "../../core/charts.ts";
import { comparisonChart } from "../../core/comparison-chart.ts";
import { comparisonHeading } from "../../core/format.ts";
import { slug } from "../../core/text.ts";
import type { ChartUrls } from "../../http/chart-urls.ts";
import type { SlackMessage } from "./blocks.ts";

/** The picture's title ("AC/S8 Delayed transfers: chart", "Performance wheel: London Borough of Barnet, Q2 2017/18", "How London Borough of Barnet compares: AC/S16 …"). */
export const pictureTitle = (view: Pictured): string => (view.kind === "indicator" ? `${view.ref} ${view.title}: chart` : view.kind === "comparison" ? comparisonHeading(view) : view.heading);

/** The picture in words, where it is shown from a URL (the drawing is not at hand). */
export const pictureAlt = (view: Pictured): string => (view.kind === "indicator" ? `Chart of ${view.ref} ${view.title}: results by period against target.` : view.kind === "comparison" ? comparisonChart(view).alt : wheelChart(view).alt);

/** The answer's picture at a signed URL, where one is made and can show it. */
export const pictureUrl = (urls: ChartUrls | undefined, view: Pictured, width: number): string | null => {
  const subject = urlSubject(view);
  return urls && subject ? urls.urlFor(subject, width) : null;
};

/** Where a message goes: a channel (or a direct message's D… id), in a thread where threadTs is given. */
export interface SlackTarget {
  channel: string;
  threadTs?: string;
}

/** The bot's direct message with a person, found or opened by conversations.open (im:write). Throws where Slack gives none. */
export async function directMessage(client: webApi.WebClient, user: string): Promise<SlackTarget> {
  const opened = await client.conversations.open({ users: user });
  if (!opened.channel?.id) throw new Error("Slack opened no direct message");
  return { channel: opened.channel.id };
}

/** A file name from a title: letters, digits and dashes, never empty. */
export function pictureFileName(title: string): string {
  return `${slug(title, "chart")}.png`;
}

/** Alt text within Slack's 2,000 characters. */
const ALT_TEXT_MAX = 2000;

/** A file to upload: its bytes, name and title, and words for screen readers where it is a picture. */
export interface SlackFile {
  bytes: Buffer;
  filename: string;
  title: string;
  altText?: string;
}

/** Posts the message with the file below its blocks, as one message; resolves with the file's id. Throws what the Web API client throws. */
export async function postWithFile(client: webApi.WebClient, target: SlackTarget, message: SlackMessage, file: SlackFile): Promise<string> {
  const upload = { blocks: message.blocks, file: file.bytes, filename: file.filename, title: file.title, ...(file.altText ? { alt_text: file.altText.slice(0, ALT_TEXT_MAX) } : {}) };
  const uploaded = await client.filesUploadV2(target.threadTs ? { ...upload, channel_id: target.channel, thread_ts: target.threadTs } : { ...upload, channel_id: target.channel });
  // One completion call for one file; its answer lists the file.
  const completions = (uploaded as unknown as { files?: { files?: { id?: string }[] }[] }).files ?? [];
  const id = completions[0]?.files?.[0]?.id;
  if (!id) throw new Error("Slack completed the upload without naming the file");
  return id;
}

/** Posts the message with the picture below its blocks, as one message; resolves with the file's id. Throws what the Web API client throws. */
export async function postWithPicture(client: webApi.WebClient, target: SlackTarget, message: SlackMessage, picture: Picture): Promise<string> {
  return await postWithFile(client, target, message, { bytes: picture.png, filename: pictureFileName(picture.title), title: picture.title, altText: picture.alt });
}
