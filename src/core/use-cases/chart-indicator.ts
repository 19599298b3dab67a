// The chart of one indicator named by its reference, as the asker's catalogue sees it: what `kpi chart`
// writes and what the chat's Chart button sends. Pass the visible catalogue (catalogueFor) so another
// council's reference finds nothing of it.
import { indicatorChart, type IndicatorChart } from "../charts.ts";
import type { Catalogue } from "../ports.ts";
import { organisationCalled } from "../services.ts";
import { foldKey } from "../text.ts";
import { notice, type NotFound, type Notice } from "../views.ts";
import { findByReference } from "./look-up.ts";

export interface ChartRequest {
  /** As typed: "AC/S8", "ac s8", "ASCOF 1E". */
  ref: string;
  /** The organisation's slug or name, where two use the reference. */
  organisation?: string | null;
  /** How many of the latest periods to show (default 8). */
  periods?: number;
}

const MAX_REF_LENGTH = 80;

export async function chartIndicator(catalogue: Catalogue, request: ChartRequest): Promise<IndicatorChart | NotFound | Notice> {
  const ref = request.ref.trim();
  const key = foldKey(ref);
  if (!key || ref.length > MAX_REF_LENGTH) return notice("No chart", "Name an indicator by its reference, such as AC/S8.");
  let found = await catalogue.indicatorsByKey(key);
  if (request.organisation?.trim()) {
    const organisation = organisationCalled(await catalogue.organisations(), request.organisation);
    if (!organisation) return notice("No chart", `There is no organisation “${request.organisation.trim().slice(0, MAX_REF_LENGTH)}”.`);
    found = found.filter((r) => r.organisation === organisation.name);
  }
  if (found.length === 1) return indicatorChart(found[0]!, { periods: request.periods });
  if (found.length > 1) {
    const slugs = await catalogue.organisations();
    const names = found.map((r) => slugs.find((o) => o.name === r.organisation)?.slug ?? r.organisation);
    return notice("Which organisation?", `${found[0]!.ref} is a reference of ${found.map((r) => r.organisation).join(" and of ")}: say which organisation (${names.join(" or ")}).`);
  }
  // Not an indicator here: the nearest references, or what it is instead.
  const other = await findByReference(catalogue, [{ key, text: ref }]);
  if (other?.kind === "not_found") return other;
  if (other?.kind === "action") return notice("No chart", `${other.ref ?? ref} is a key action: charts are drawn for indicators, which have figures.`);
  return notice("No chart", `There is no indicator ${ref}${request.organisation?.trim() ? ` in ${request.organisation.trim().slice(0, MAX_REF_LENGTH)}` : ""}.`);
}
