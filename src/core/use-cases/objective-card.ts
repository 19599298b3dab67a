// "P3": an objective of a performance wheel as a card: its status period by period, the latest direction and
// narrative, and the indicators that inform it with their own ratings.
import { buildIndicatorCard } from "../indicator-card.ts";
import type { Catalogue, ObjectiveRecord } from "../ports.ts";
import { foldKey } from "../text.ts";
import type { ObjectiveCard } from "../views.ts";
import { listItem } from "./list-indicators.ts";

/** The objectives a folded code names ("p3"), in wheel order: one per organisation that uses the code. */
export async function objectivesByKey(catalogue: Catalogue, key: string): Promise<ObjectiveRecord[]> {
  return (await catalogue.objectives()).filter((o) => o.key === key);
}

export async function objectiveCard(catalogue: Catalogue, o: ObjectiveRecord): Promise<ObjectiveCard> {
  const indicators = [];
  for (const ref of o.indicators) {
    const record = (await catalogue.indicatorsByKey(foldKey(ref))).find((r) => r.organisation === o.organisation);
    if (record) indicators.push(listItem(buildIndicatorCard(record)));
  }
  const latest = o.assessments.at(-1) ?? null;
  return {
    kind: "objective",
    code: o.code,
    title: o.title,
    organisation: o.organisation,
    group: o.group,
    tags: o.tags,
    owner: o.owner ? { name: o.owner.name, email: o.owner.email, slackUserId: o.owner.slackUserId, teamsUserId: o.owner.teamsUserId } : null,
    latest: latest ? { period: latest.period.label, status: latest.status, direction: latest.direction, narrative: latest.narrative, by: latest.by, at: latest.at } : null,
    history: o.assessments.map((a) => ({ period: a.period.label, status: a.status, direction: a.direction })),
    indicators,
  };
}
