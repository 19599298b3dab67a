// One table of form scenarios, run through Slack and through Teams: each step asks for a form or sends it,
// through the platform's real receiver (signed /kpi and view_submission requests; Teams messages, task/fetch and
// task/submit on /api/messages), and the same facts must show on both: the form and what it says, a refusal,
// a problem under an input, unusual figures asked about, the outcome. Every form is one core handler
// (core/interaction/forms) drawn by one renderer per platform, so the platforms cannot drift apart here.
// (Questions, lists, opening a row and Full commentary have their table in tests/playground/parity.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Json } from "../helpers/block-kit.ts";
import { slashCommandBody, viewSubmissionBody } from "../helpers/fake-slack.ts";
import { filled } from "../helpers/slack-modal.ts";
import { dialogClient, type TaskAnswer } from "../helpers/teams-dialog.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import type { AdaptiveCard } from "../../src/platforms/teams/cards.ts";

/** What a person sees after a step: whether a form is (still) open, and every text on the screen. */
interface Seen {
  formOpen: boolean;
  text: string;
}

/** One platform, as the table drives it: who is who, asking for a form, and sending the form shown (inputs by label). */
interface Driver {
  ask(user: Person, text: string): Promise<Seen>;
  send(user: Person, typed: Record<string, string>): Promise<Seen>;
}

type Person = "officer" | "owner";
interface Step {
  as: Person;
  /** `update AC/S8` and the like (Slack `/kpi …`, Teams `kpi …` then the card's button), or the form shown, sent with these inputs. */
  ask?: string;
  send?: Record<string, string>;
  formOpen: boolean;
  facts: (string | RegExp)[];
}

const SCENARIOS: { name: string; steps: Step[] }[] = [
  {
    name: "a bare update asks which one",
    steps: [{ as: "owner", ask: "update", formOpen: false, facts: ["Say which one", "update AC/S8"] }],
  },
  {
    name: "with no reporting cycle open, an indicator's owner is told why they cannot submit, and no form opens",
    steps: [{ as: "owner", ask: "update AC/S8", formOpen: false, facts: ["No reporting cycle is open for London Borough of Barnet, so only its officers and admins may submit a result now"] }],
  },
  {
    name: "an officer opens AC/S8's update form, sees its latest figure, leaves out the commentary, confirms unusual figures, and it is recorded",
    steps: [
      { as: "officer", ask: "update AC/S8", formOpen: true, facts: ["AC/S8 Percentage of new clients, older people accessing enablement", "London Borough of Barnet · Latest: 53.2% · Q2 2016/17, target 63.0%", "Period", "Result", "Commentary", "Q3 2016/17"] },
      { as: "officer", send: { Period: "Q3 2016/17", Result: "64.1" }, formOpen: true, facts: [/commentary/i] },
      { as: "officer", send: { Period: "Q3 2016/17", Result: "164.1", Commentary: "Up since the new reablement team started." }, formOpen: true, facts: [/164\.1%.*submit again to record it as it is/] },
      { as: "officer", send: { Period: "Q3 2016/17", Result: "164.1", Commentary: "Up since the new reablement team started." }, formOpen: false, facts: ["Update recorded", "AC/S8 Q3 2016/17: 164.1%"] },
    ],
  },
  {
    name: "an indicator's owner may not set its target: told why, no form",
    steps: [{ as: "owner", ask: "target AC/S8", formOpen: false, facts: [/officer|performance team/i] }],
  },
  {
    name: "an officer sets next year's target, a bad one refused under its input first",
    steps: [
      { as: "officer", ask: "target AC/S8 2017/18", formOpen: true, facts: ["AC/S8 Percentage of new clients, older people accessing enablement", "Latest target: 63.0% for 2016/17.", "Period", "Target", "2017/18"] },
      { as: "officer", send: { Period: "2017/18", Target: "a great deal" }, formOpen: true, facts: [/as the reports print it/i] },
      { as: "officer", send: { Period: "2017/18", Target: "65%" }, formOpen: false, facts: ["Target set", "AC/S8 2017/18: target 65%"] },
    ],
  },
  {
    name: "a reference that is no indicator opens nothing",
    steps: [{ as: "officer", ask: "target zzyzx", formOpen: false, facts: [/zzyzx/] }],
  },
];

const SLACK_TEAM = "T0BARNET";
const TENANT = "11111111-1111-4111-8111-111111111111";
const SLACK_USERS: Record<Person, string> = { officer: "U0OLU", owner: "U0ALEX" };
const TEAMS_USERS: Record<Person, string> = { officer: "aaaaaaaa-0000-4000-8000-000000000011", owner: "aaaaaaaa-0000-4000-8000-000000000004" };

/** Every text a person sees in a Block Kit view, an acknowledgement or an Adaptive Card (not ids, styles or state). */
const HIDDEN = new Set(["type", "action_id", "block_id", "callback_id", "private_metadata", "id", "verb", "style", "size", "weight", "color", "spacing", "msteams", "horizontalAlignment", "response_type"]);
const textsOf = (node: unknown): string[] =>
  typeof node === "string" ? [node] : Array.isArray(node) ? node.flatMap(textsOf) : node && typeof node === "object" ? Object.entries(node).flatMap(([key, value]) => (HIDDEN.has(key) ? [] : textsOf(value))) : [];

/** Slack: `/kpi <ask>` answered in the acknowledgement or with views.open; a view_submission answered with the form's next state. */
function slackDriver(fixture: PlatformFixture): Driver {
  const shown = new Map<Person, Json>();
  let trigger = 0;
  return {
    async ask(user, text) {
      const triggerId = `trigger-${++trigger}`;
      const res = await fixture.post(slashCommandBody(text, fixture.fake.responseUrl(triggerId), SLACK_USERS[user], SLACK_TEAM, triggerId));
      expect(res.status).toBe(200);
      const ack = await res.text();
      if (ack) return { formOpen: false, text: textsOf(JSON.parse(ack)).join("\n") };
      const view = (await fixture.fake.waitFor((c) => c.path.startsWith("/api/views.open") && c.body.trigger_id === triggerId)).body.view as Json;
      shown.set(user, view);
      return { formOpen: true, text: textsOf(view.blocks).join("\n") };
    },
    async send(user, typed) {
      const view = shown.get(user)!;
      const res = await fixture.post(viewSubmissionBody(filled(view, typed), SLACK_USERS[user], SLACK_TEAM));
      expect(res.status).toBe(200);
      const answer = (await res.json()) as { response_action: string; view?: Json; errors?: Record<string, string> };
      // Problems under inputs: the form stays as it is, showing them.
      if (answer.response_action === "errors") return { formOpen: true, text: [...Object.values(answer.errors!), ...textsOf(view.blocks)].join("\n") };
      const next = answer.view!;
      const formOpen = (next.blocks as Json[]).some((b) => b.type === "input");
      if (formOpen) shown.set(user, next);
      return { formOpen, text: textsOf(next.blocks).join("\n") };
    },
  };
}

/** Teams: `kpi <ask>` answered with a card whose button's task/fetch opens the dialog; its Submit's task/submit answered with the dialog again or a message. */
function teamsDriver(fixture: PlatformFixture): Driver {
  const shown = new Map<Person, AdaptiveCard>();
  const clients = { officer: dialogClient(fixture, TENANT, TEAMS_USERS.officer), owner: dialogClient(fixture, TENANT, TEAMS_USERS.owner) };
  const seen = (user: Person, answer: TaskAnswer): Seen => {
    if (answer.task.type === "message") return { formOpen: false, text: answer.task.value };
    const card = clients[user].dialogOf(answer);
    shown.set(user, card);
    return { formOpen: true, text: textsOf(card.body).join("\n") };
  };
  return {
    async ask(user, text) {
      const card = await clients[user].say(`kpi ${text}`);
      const opener = (card.actions as Json[] | undefined)?.find((a) => ((a.data as Json | undefined)?.msteams as Json | undefined)?.type === "task/fetch");
      if (!opener) return { formOpen: false, text: textsOf(card.body).join("\n") };
      return seen(user, await clients[user].invoke("task/fetch", opener.data as Json));
    },
    async send(user, typed) {
      const card = shown.get(user)!;
      const inputs = (card.body as Json[]).filter((e) => typeof e.type === "string" && (e.type as string).startsWith("Input."));
      const data: Json = { ...((card.actions as Json[])[0]!.data as Json) };
      for (const [label, value] of Object.entries(typed)) {
        const input = inputs.find((i) => i.label === label);
        if (!input) throw new Error(`no input labelled ${label}`);
        const choice = (input.choices as { title: string; value: string }[] | undefined)?.find((c) => c.title === value);
        data[input.id as string] = choice?.value ?? value;
      }
      return seen(user, await clients[user].invoke("task/submit", data));
    },
  };
}

describe.each(["slack", "teams"] as const)("form scenarios in %s", (platform) => {
  let fixture: PlatformFixture;
  let driver: Driver;

  beforeAll(async () => {
    fixture = await startPlatform({
      provider: "sqlite",
      platform,
      workspaces: { barnet: platform === "slack" ? SLACK_TEAM : TENANT },
      people: [
        { email: "olu.officer@example.org", name: "Olu Officer", organisation: "barnet", role: "officer", ...(platform === "slack" ? { slackUserId: SLACK_USERS.officer } : { teamsUserId: TEAMS_USERS.officer }) },
        // Alex Morgan (demo data) owns AC/S8: submits its results, does not set its targets.
        { email: "alex.morgan@example.org", ...(platform === "slack" ? { slackUserId: SLACK_USERS.owner } : { teamsUserId: TEAMS_USERS.owner }) },
      ],
      service: { jobs: false, slackAckBudgetMs: 30_000 },
    });
    driver = platform === "slack" ? slackDriver(fixture) : teamsDriver(fixture);
  }, 240_000);
  afterAll(() => fixture?.stop());

  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      for (const [i, step] of scenario.steps.entries()) {
        const seen = step.ask !== undefined ? await driver.ask(step.as, step.ask) : await driver.send(step.as, step.send!);
        const where = `step ${i + 1} (${step.ask ?? JSON.stringify(step.send)}): ${seen.text}`;
        expect(seen.formOpen, where).toBe(step.formOpen);
        for (const fact of step.facts) expect(seen.text, where).toMatch(typeof fact === "string" ? new RegExp(fact.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : fact);
      }
    });
  }
});
