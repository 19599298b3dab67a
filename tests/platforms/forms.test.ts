// One form, two platforms: each form's spec (core/forms.ts) drawn as a Slack modal (slack/form.ts) and a Teams
// dialog (teams/form.ts) says the same things: its heading, the lines above the inputs, each input's label and
// hint, what each holds, its choices; valid by each platform's own checks; Teams shows each error under its input.
import { describe, expect, it } from "vitest";
import type { FormSpec } from "../../src/core/forms.ts";
import { actionFormSpec } from "../../src/core/use-cases/action-form.ts";
import { assessFormSpec } from "../../src/core/use-cases/assess-form.ts";
import { targetFormSpec } from "../../src/core/use-cases/target-form.ts";
import { updateFormSpec } from "../../src/core/use-cases/update-form.ts";
import { modalFor } from "../../src/platforms/slack/form.ts";
import { dialogFor } from "../../src/platforms/teams/form.ts";
import type { AdaptiveCard } from "../../src/platforms/teams/cards.ts";
import { problems } from "../helpers/adaptive-cards.ts";
import { modalBreaches } from "../helpers/slack-modal.ts";

type Json = Record<string, unknown>;

const target = targetFormSpec({ indicator: { ref: "AC/S8", organisation: "London Borough of Barnet", title: "Percentage of new clients" }, note: "Latest target: 63.0% for 2016/17." }, { period: "2017/18", value: "65%" }, { value: "Give a target as the reports print it." });
const action = actionFormSpec({ ref: "CG01", title: "Building homes", organisation: "London Borough of Barnet", rag: "Green", status: "On track", note: "Good progress.", noteDate: "30 Sep 2016" }, { note: "Ahead of plan." }, { person: "The bot does not know who you are yet." });
const update = updateFormSpec({ ref: "AC/S8", title: "Percentage of new clients", organisation: "London Borough of Barnet", latest: null }, { opening: "o1", openedFor: "Q3 2016/17" }, { period: "Q3 2016/17", value: "64.1", commentary: "Up." }, "From your draft of 1 Dec 10:14", { value: "64.1% is far above the figures before: submit again to record it." });
const assess = assessFormSpec({ objective: { code: "P3", title: "Adults live independently", organisation: "London Borough of Barnet", group: "People" }, note: "Not assessed yet." }, { period: "Q2 2017/18", status: "Amber" });

describe.each([["target", target, "kpi_target"], ["assess", assess, "kpi_assess"], ["key action", action, "kpi_update"], ["update", update, "kpi_update"]] as [string, FormSpec, string][])("the %s form on both platforms", (_name, spec, verb) => {
  const slack = modalFor(spec, "form") as unknown as Json;
  const teams = dialogFor(spec, verb).card!.content as AdaptiveCard;
  const slackText = JSON.stringify(slack);
  const teamsText = JSON.stringify(teams);

  it("is valid by each platform's checks", () => {
    expect(modalBreaches(slack)).toEqual([]);
    expect(problems(teams)).toEqual([]);
  });

  it("says the same heading, lines, labels, hints and choices on both", () => {
    const said = [spec.heading, ...spec.lines, ...spec.inputs.flatMap((i) => [i.label, ...(i.hint ? [i.hint] : []), ...(i.choices?.options.map((o) => o.label) ?? [])])];
    for (const words of said) {
      expect(slackText, words).toContain(JSON.stringify(words).slice(1, -1));
      expect(teamsText, words).toContain(JSON.stringify(words).slice(1, -1));
    }
  });

  it("holds what was typed or chosen, and carries its state: in private_metadata, in the submit data", () => {
    for (const [id, value] of Object.entries(spec.values)) {
      if (value === undefined) continue;
      expect(slackText).toContain(JSON.stringify(value));
      const input = (teams.body as Json[]).find((b) => b.id === id)!;
      // A number input holds a number.
      expect(input.value).toBe(input.type === "Input.Number" ? Number(value) : value);
    }
    expect(JSON.parse(slack.private_metadata as string)).toEqual(spec.state);
    const data = { verb, ...spec.state };
    expect(teams.actions).toEqual([{ type: "Action.Submit", title: spec.submit, data }, ...(spec.draft ? [{ type: "Action.Submit", title: spec.draft, data: { ...data, draft: true } }] : [])]);
    // What it says above the inputs and below them, on both.
    for (const words of [spec.saying, spec.footnote].filter((w): w is string => Boolean(w))) {
      expect(slackText).toContain(words);
      expect(teamsText).toContain(words);
    }
  });

  it("shows each error under its input in Teams (Slack's come in the submission's answer)", () => {
    const body = teams.body as Json[];
    const inputs = new Set(spec.inputs.map((i) => i.id));
    for (const [id, error] of Object.entries(spec.errors)) {
      const at = body.findIndex((b) => b.id === id);
      // One no input can fix (who is asking) comes above the first input.
      if (!inputs.has(id)) expect(body.findIndex((b) => b.text === error)).toBeLessThan(body.findIndex((b) => inputs.has(b.id as string)));
      else expect(body[at + 1]).toMatchObject({ type: "TextBlock", text: error, color: "Attention" });
    }
  });
});
