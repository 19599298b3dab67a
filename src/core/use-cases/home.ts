// A person's home page: the updates due from them, the indicators they own with their state, the
// organisation's summary, and the indicators that worsened most since the period before.
import { buildIndicatorCard } from "../indicator-card.ts";
import type { Asker } from "../access.ts";
import type { Catalogue } from "../ports.ts";
import type { Home, IndicatorCard, Notice } from "../views.ts";
import { identify } from "./identify.ts";
import { listItem } from "./list-indicators.ts";
import { notLinked } from "./not-linked.ts";
import { catalogueFor, type Asking } from "./respond.ts";
import { summarise } from "./summarise.ts";
import { whatIsDue } from "./what-is-due.ts";

const WORSENED_SHOWN = 5;

/** How much worse, relative to the period before: the larger, the worse. */
function worsening(card: IndicatorCard): number {
  const l = card.latest;
  if (!l || l.dotShort !== "Worsening" || l.value === null || !l.previous || l.previous.value === null || l.previous.value === 0) return 0;
  return Math.abs(l.value - l.previous.value) / Math.abs(l.previous.value);
}

export async function buildHome(catalogue: Catalogue, identity: { slackUserId?: string; teamsUserId?: string }): Promise<Home> {
  const [{ person, indicators }, summary, all] = await Promise.all([catalogue.indicatorsOwnedBy(identity), summarise(catalogue), catalogue.indicators({})]);
  const worsened = all
    .map(buildIndicatorCard)
    .map((card) => ({ card, by: worsening(card) }))
    .filter((w) => w.by > 0)
    .sort((a, b) => b.by - a.by)
    .slice(0, WORSENED_SHOWN);
  return {
    kind: "home",
    person: person?.name ?? null,
    owned: indicators.map((i) => listItem(buildIndicatorCard(i))),
    summary,
    worsenedMost: worsened.map(({ card, by }) => ({ ...listItem(card), change: `${(by * 100).toFixed(1)}% worse than ${card.latest!.previous!.period} (${card.latest!.previous!.display})` })),
  };
}

/** The home page of whoever opens it, from what their workspace sees; the notice where it sees nothing. */
export async function homeFor(asking: Asking, asker: Asker): Promise<Home | Notice> {
  const [visible, person] = await Promise.all([catalogueFor(asking.catalogue, asker), identify(asking, asker)]);
  if (!visible) return notLinked(asker);
  const [home, due] = await Promise.all([buildHome(visible, asker.identity), person && asking.cycles ? whatIsDue(visible, { cycles: asking.cycles, drafts: asking.drafts }, person) : null]);
  return { ...home, due };
}
