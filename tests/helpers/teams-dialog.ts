// Teams dialogs (task modules) as the tests drive and read them through /api/messages: a message and its card
// reply, a task/fetch or task/submit and its answer (a dialog, parsed with adaptivecards, or a message), and an
// input of a dialog's card with what is right under it (its error).
import { expect } from "vitest";
import type { AdaptiveCard } from "../../src/platforms/teams/cards.ts";
import { problems } from "./adaptive-cards.ts";
import type { PlatformFixture } from "./platform-fixture.ts";

type Element = Record<string, unknown>;
export interface TaskAnswer {
  task: { type: "continue"; value: { title: string; card: { contentType: string; content: AdaptiveCard } } } | { type: "message"; value: string };
}

const elements = (nodes: unknown[]): Element[] => (nodes as Element[]).flatMap((e) => [e, ...elements([...((e.columns as unknown[]) ?? []), ...((e.items as unknown[]) ?? [])])]);
export const inputOf = (card: AdaptiveCard, id: string) => elements(card.body).find((e) => e.id === id);
/** What is right under an input: its error, where it has one. */
export const under = (card: AdaptiveCard, id: string) => {
  const all = elements(card.body);
  return all[all.findIndex((e) => e.id === id) + 1];
};

/** A Teams user of the tenant talking to the bot, `user` unless another is given. */
export function dialogClient(fixture: PlatformFixture, tenant: string, user: string) {
  const activity = (from: string, extra: Record<string, unknown>) => fixture.activity({ user: from, tenant }, extra);
  return {
    /** The card the bot replies with to a message. */
    async say(text: string, from = user): Promise<AdaptiveCard> {
      const { id, body } = activity(from, { text });
      expect((await fixture.post(body)).status).toBeLessThan(300);
      const reply = await fixture.fake.waitFor((c) => c.path.endsWith(`/activities/${id}`) && c.body.type === "message");
      return (reply.body.attachments as { content: AdaptiveCard }[])[0]!.content;
    },
    async invoke(name: "task/fetch" | "task/submit", data: Record<string, unknown>, from = user): Promise<TaskAnswer> {
      const { body } = activity(from, { type: "invoke", name, value: { type: name, data, context: { theme: "default" } } });
      const response = await fixture.post(body);
      expect(response.status).toBe(200);
      return (await response.json()) as TaskAnswer;
    },
    /** The dialog's card, valid for adaptivecards. */
    dialogOf(answer: TaskAnswer): AdaptiveCard {
      expect(answer.task.type, JSON.stringify(answer)).toBe("continue");
      const card = (answer.task as Extract<TaskAnswer["task"], { type: "continue" }>).value.card.content;
      expect(problems(card)).toEqual([]);
      return card;
    },
    messageOf(answer: TaskAnswer): string {
      expect(answer.task.type, JSON.stringify(answer)).toBe("message");
      return String(answer.task.value);
    },
  };
}
