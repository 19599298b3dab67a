// A card and its picture as one Slack message, through the current upload flow, against the fake Web API:
// the three calls in order with the right sizes, and the fake refusing what Slack refuses (an image block
// whose slack_file was not shared yet), so that taking that road instead would fail here too.
import { webApi } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Picture } from "../../src/charts/pictures.ts";
import { pictureFileName, postWithPicture } from "../../src/platforms/slack/picture.ts";
import type { SlackMessage } from "../../src/platforms/slack/blocks.ts";
import { startFakeSlack, type FakeSlack } from "../helpers/fake-slack.ts";
import { pngSize, solidPng } from "../helpers/png.ts";

const TOKEN = "xoxb-picture-test-token";
const card: SlackMessage = {
  text: "AC/S8 Delayed transfers of care",
  blocks: [
    { type: "header", text: { type: "plain_text", text: "AC/S8 Delayed transfers of care" } },
    { type: "section", text: { type: "mrkdwn", text: "*Trend*  `▁▂▄█`" } },
  ],
};
const picture = (png: Buffer): Picture => ({ png, ...pngSize(png), title: "AC/S8 Delayed transfers of care: chart", alt: "AC/S8 results by quarter against target; latest 12.4 against 9.0" });

describe("posting a card with its picture", () => {
  let slack: FakeSlack;
  let client: webApi.WebClient;
  beforeAll(async () => {
    slack = await startFakeSlack();
    // Quiet: the client logs Slack's refusals, which two tests bring about on purpose.
    const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, setLevel: () => undefined, getLevel: () => webApi.LogLevel.ERROR, setName: () => undefined };
    client = new webApi.WebClient(TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
  });
  afterAll(async () => {
    await slack.close();
  });
  const pathsSince = (start: number) => slack.calls.slice(start).map((c) => c.path.replace(/F\d+$/, "F…"));

  it("asks for an upload URL for the PNG's length, sends the bytes there, then completes it into the channel with the card's blocks: one message", async () => {
    const png = solidPng(1200, 600);
    const start = slack.calls.length;
    const id = await postWithPicture(client, { channel: "C0SHARE" }, card, picture(png));

    expect(pathsSince(start)).toEqual(["/api/files.getUploadURLExternal", "/upload/v1/F…", "/api/files.completeUploadExternal"]);
    const [ask, sent, complete] = slack.calls.slice(start);
    expect(ask!.body).toMatchObject({ filename: "ac-s8-delayed-transfers-of-care-chart.png", length: String(png.length), alt_text: picture(png).alt });
    expect(sent!.body.bytes).toBe(png.length);
    expect(complete!.body).toMatchObject({ channel_id: "C0SHARE", files: [{ id, title: "AC/S8 Delayed transfers of care: chart" }], blocks: card.blocks });
    expect(complete!.body.initial_comment).toBeUndefined();
    expect(slack.uploads().find((u) => u.id === id)).toMatchObject({ length: png.length, received: png.length, sharedIn: ["C0SHARE"] });
    expect(slack.fileMessages.at(-1)).toEqual({ channel: "C0SHARE", threadTs: null, blocks: card.blocks, files: [id] });
  });

  it("posts into a thread where one is given", async () => {
    const id = await postWithPicture(client, { channel: "C0SHARE", threadTs: "1700000000.000100" }, card, picture(solidPng(40, 20)));
    expect(slack.fileMessages.at(-1)).toMatchObject({ channel: "C0SHARE", threadTs: "1700000000.000100", files: [id] });
  });

  it("fails with Slack's error where the completion is refused, and posts nothing", async () => {
    slack.failMethod("files.completeUploadExternal", "not_in_channel");
    try {
      const before = slack.fileMessages.length;
      await expect(postWithPicture(client, { channel: "C0NOTIN" }, card, picture(solidPng(40, 20)))).rejects.toMatchObject({ code: webApi.ErrorCode.PlatformError, data: { error: "not_in_channel" } });
      expect(slack.fileMessages.length).toBe(before);
    } finally {
      slack.failMethod("files.completeUploadExternal", null);
    }
  });

  it("(the fake, as Slack) refuses an image block whose slack_file is not shared yet, in the completion or in a later post, and takes it once shared", async () => {
    const png = solidPng(40, 20);
    // The tempting road: the picture's own image block inside the completion's blocks.
    const { upload_url, file_id } = await client.files.getUploadURLExternal({ filename: "chart.png", length: png.length });
    await fetch(upload_url!, { method: "POST", body: new Uint8Array(png) });
    const imageBlock = { type: "image", slack_file: { id: file_id }, alt_text: "chart" };
    await expect(client.files.completeUploadExternal({ files: [{ id: file_id! }], channel_id: "C0SHARE", blocks: [...card.blocks, imageBlock] as never })).rejects.toMatchObject({
      data: { error: "invalid_blocks", errors: ["invalid slack file [json-pointer:/blocks/2/slack_file]"] },
    });
    // Completed privately (no channel), then pointed at from a message: refused too.
    await client.files.completeUploadExternal({ files: [{ id: file_id! }] });
    await expect(client.chat.postMessage({ channel: "C0SHARE", text: "chart", blocks: [imageBlock] as never })).rejects.toMatchObject({ data: { error: "invalid_blocks" } });
    // A file shared into a conversation may be shown by an image block.
    const shared = await postWithPicture(client, { channel: "C0SHARE" }, card, picture(png));
    await expect(client.chat.postMessage({ channel: "C0SHARE", text: "chart", blocks: [{ ...imageBlock, slack_file: { id: shared } }] as never })).resolves.toMatchObject({ ok: true });
  });

  it("names files after their titles", () => {
    expect(pictureFileName("AC/S8 Delayed transfers: chart")).toBe("ac-s8-delayed-transfers-chart.png");
    expect(pictureFileName("…")).toBe("chart.png");
  });
});
