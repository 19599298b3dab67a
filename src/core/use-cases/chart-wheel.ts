// The picture of a performance wheel for a period, as the asker's catalogue sees it: what `kpi chart wheel`
// writes and what a signed wheel URL draws. The chat draws the wheel it has just answered with instead.
import { wheelChart, type WheelChart } from "../charts.ts";
import type { Catalogue } from "../ports.ts";
import { organisationCalled } from "../services.ts";
import { searchWords } from "../text.ts";
import { notice, type NotFound, type Notice } from "../views.ts";
import { showWheel } from "./show-wheel.ts";

export interface WheelChartRequest {
  /** As typed ("Q2 2017/18", "Q2"); null: the latest assessed. */
  period?: string | null;
  /** The organisation's slug or name, where several have a wheel; null: the first with one. */
  organisation?: string | null;
}

const MAX_TEXT = 80;

export async function chartWheel(catalogue: Catalogue, request: WheelChartRequest): Promise<WheelChart | NotFound | Notice> {
  const period = request.period?.trim() || null;
  if (period && period.length > MAX_TEXT) return notice("No chart", "Name the period as a report does, such as Q2 2017/18.");
  const words: string[] = [];
  const asked = request.organisation?.trim();
  if (asked) {
    const organisation = organisationCalled(await catalogue.organisations(), asked);
    if (!organisation) return notice("No chart", `There is no organisation “${asked.slice(0, MAX_TEXT)}”.`);
    if (!(await catalogue.objectives()).some((o) => o.organisation === organisation.name)) return notice("No chart", `${organisation.name} has no performance wheel.`);
    // Named by its slug's words, as "wheel barnet" names it in the chat.
    words.push(...searchWords(organisation.slug));
  }
  const wheel = await showWheel(catalogue, { text: ["wheel", period, ...words].filter(Boolean).join(" "), period, tags: [], words });
  return wheel.kind === "wheel" ? wheelChart(wheel) : wheel;
}
