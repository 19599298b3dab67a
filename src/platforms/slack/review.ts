// The review channel's buttons in Slack: Accept decides at once and the message gives way to the
// outcome; Return opens a modal asking why (required), then decides and updates the message. A
// refusal (not an officer, their own submission, another council's) is answered privately, and the
// message stays as it was; one decided or superseded already also gives the message way to what became
// of it. The rules are the core's (review.ts).
import type { App, Context, types, ViewResponseAction } from "@slack/bolt";
import { z } from "zod";
import type { PersonProfile, Visibility } from "../../core/access.ts";
import type { Catalogue, People, Reviews } from "../../core/ports.ts";
import { reviewRequest } from "../../core/use-cases/review-request.ts";
import { decideById, mayDecide } from "../../core/use-cases/review.ts";
import type { Notice, ReviewRequest } from "../../core/views.ts";
import { ACTIONS, escape, noticeBlocks, renderSlack, truncate, type SlackMessage } from "./blocks.ts";

/** The Return modal's callback_id. */
export const RETURN_FORM = "kpi_review_return";
/** Its one input (block and element): the reviewer's comment. */
export const COMMENT = "comment";
const MAX_COMMENT = 3000;

const plain = (text: string) => ({ type: "plain_text" as const, text });

/** The message the buttons were on, so that it can be updated once the modal is submitted (chat.update). */
interface Posted {
  channel: string;
  ts: string;
}

/** The modal asking why a submission is returned; private_metadata carries the submission's id and the message to update. */
export function returnForm(review: ReviewRequest, posted: Posted | null): types.ModalView {
  return {
    type: "modal",
    callback_id: RETURN_FORM,
    title: plain("Return update"),
    submit: plain("Return"),
    close: plain("Cancel"),
    private_metadata: JSON.stringify({ id: review.id, ...(posted ? { channel: posted.channel, ts: posted.ts } : {}) }),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: truncate(`*${escape(review.ref)}* ${escape(review.period)}: ${escape(review.display)}, submitted by ${escape(review.submittedBy)}`, 3000) } },
      {
        type: "input",
        block_id: COMMENT,
        label: plain("Why is it returned?"),
        hint: plain("What should change: the submitter is told this, with a button to submit again."),
        element: { type: "plain_text_input", action_id: COMMENT, multiline: true, max_length: MAX_COMMENT },
        // Slack insists on something; a blank comment is refused on submission, its reason under the field.
        optional: false,
      },
    ],
  };
}

const noticeModal = (notice: Notice): types.ModalView => ({ type: "modal", callback_id: RETURN_FORM, title: plain("Return update"), close: plain("Close"), blocks: noticeBlocks(notice) });

// What comes back from Slack is checked before use.
const metadata = z.object({ id: z.number().int().positive(), channel: z.string().regex(/^[CGD][A-Z0-9]{1,30}$/).optional(), ts: z.string().regex(/^\d{1,12}\.\d{1,9}$/).optional() });
const idValue = z.coerce.number().int().positive();
const commentState = z.object({ [COMMENT]: z.object({ [COMMENT]: z.object({ value: z.string().nullish() }).passthrough() }).passthrough() }).passthrough();

function readReturnForm(view: { private_metadata?: string; state?: { values?: unknown } }): { id: number; posted: Posted | null; comment: string } | null {
  try {
    const meta = metadata.safeParse(JSON.parse(view.private_metadata ?? ""));
    const state = commentState.safeParse(view.state?.values ?? {});
    if (!meta.success) return null;
    const { id, channel, ts } = meta.data;
    return { id, posted: channel && ts ? { channel, ts } : null, comment: state.success ? (state.data[COMMENT][COMMENT].value ?? "").trim() : "" };
  } catch {
    return null;
  }
}

/** The message a button was pressed on: its channel and timestamp. */
function postedOf(body: unknown): Posted | null {
  const container = (body as { container?: { channel_id?: unknown; message_ts?: unknown } }).container;
  return typeof container?.channel_id === "string" && typeof container.message_ts === "string" ? { channel: container.channel_id, ts: container.message_ts } : null;
}

export interface ReviewButtons {
  data: { catalogue: Catalogue; people: People; reviews?: Reviews };
  /** Who pressed, and which organisations their workspace sees. */
  whoAsks(context: Context): Promise<{ person: PersonProfile | null; visibility: Visibility }>;
  /** views.open, quickly (a trigger_id lasts 3 seconds). */
  openModal(triggerId: string, view: types.ModalView): Promise<unknown>;
  logFailure(error: unknown, context: Context, body: object): void;
  /** What someone is told when answering failed. */
  sorry: SlackMessage;
}

/** A private reply below the message, which stays as it was. */
const below = (reply: SlackMessage) => ({ response_type: "ephemeral" as const, replace_original: false, ...reply });
const said = (notice: Notice) => renderSlack(notice, { shareable: false }, "");
const outOfDate = said({ kind: "notice", heading: "Out of date", lines: ["That button is out of date: list what waits for review with /kpi review."] });

/** A message whose submission was decided or superseded elsewhere gives way to what became of it, without its buttons. */
async function showCurrent(respond: (message: object) => Promise<unknown>, current: ReviewRequest | undefined): Promise<void> {
  if (current) await respond({ replace_original: true, ...renderSlack(current, { shareable: false }, "") });
}

export function reviewButtons(app: App, deps: ReviewButtons): void {
  const { data } = deps;

  app.action(ACTIONS.reviewAccept, async ({ ack, action, body, respond, context }) => {
    await ack();
    const id = idValue.safeParse("value" in action ? action.value : undefined);
    if (!id.success || !data.reviews) return void (await respond(below(outOfDate)));
    try {
      const { person, visibility } = await deps.whoAsks(context);
      const outcome = await decideById({ ...data, reviews: data.reviews }, person, visibility, { id: id.data, decision: "accepted", note: null, via: "slack" });
      if (outcome.ok) return void (await respond({ replace_original: true, ...renderSlack(outcome.view, { shareable: false }, "") }));
      await respond(below(said(outcome.notice)));
      await showCurrent(respond, outcome.current);
    } catch (error) {
      deps.logFailure(error, context, body);
      await respond(below(deps.sorry));
    }
  });

  app.action(ACTIONS.reviewReturn, async ({ ack, action, body, respond, context }) => {
    await ack();
    const id = idValue.safeParse("value" in action ? action.value : undefined);
    const triggerId = "trigger_id" in body && typeof body.trigger_id === "string" ? body.trigger_id : null;
    if (!id.success || !triggerId || !data.reviews) return void (await respond(below(outOfDate)));
    try {
      // Asked before the modal opens, so that nobody writes a comment only to be refused.
      const { person, visibility } = await deps.whoAsks(context);
      const allowed = await mayDecide({ ...data, reviews: data.reviews }, person, visibility, id.data, "returned");
      if (!allowed.ok) {
        await respond(below(said(allowed.notice)));
        return void (await showCurrent(respond, allowed.current));
      }
      await deps.openModal(triggerId, returnForm(await reviewRequest(data, allowed.submission), postedOf(body)));
    } catch (error) {
      deps.logFailure(error, context, body);
      await respond(below(deps.sorry));
    }
  });

  app.view(RETURN_FORM, async ({ ack, body, view, context, client }) => {
    const form = readReturnForm(view);
    const answer = async (): Promise<{ response?: ViewResponseAction; decided?: ReviewRequest }> => {
      if (!form || !data.reviews) return { response: { response_action: "update", view: noticeModal({ kind: "notice", heading: "Out of date", lines: ["This form is out of date: press Return on the submission again."] }) } };
      if (!form.comment) return { response: { response_action: "errors", errors: { [COMMENT]: "Say why it is returned: what should change." } } };
      const { person, visibility } = await deps.whoAsks(context);
      const outcome = await decideById({ ...data, reviews: data.reviews }, person, visibility, { id: form.id, decision: "returned", note: form.comment, via: "slack" });
      return outcome.ok ? { decided: outcome.view } : { response: { response_action: "update", view: noticeModal(outcome.notice) } };
    };
    let result: { response?: ViewResponseAction; decided?: ReviewRequest };
    try {
      result = await answer();
    } catch (error) {
      deps.logFailure(error, context, body);
      // The modal stays as it was, so that it can be sent again.
      result = { response: { response_action: "errors", errors: { [COMMENT]: "Sorry, this could not be recorded just now. Please try again in a minute." } } };
    }
    // Returned: the modal closes, and the message in the review channel gives way to the outcome.
    await ack(result.response);
    if (result.decided && form?.posted) {
      const { text, blocks } = renderSlack(result.decided, { shareable: false }, "");
      await client.chat.update({ channel: form.posted.channel, ts: form.posted.ts, text, blocks }).catch((error: unknown) => deps.logFailure(error, context, body));
    }
  });
}
