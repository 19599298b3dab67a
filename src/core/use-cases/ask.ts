// Answers what a user typed after /kpi (Slack), kpi (Teams) or in the console.
import type { Catalogue } from "../ports.ts";
import { MAX_QUERY_LENGTH, parseQuery } from "../query.ts";
import { servicesNamed } from "../services.ts";
import type { Help, View } from "../views.ts";
import { listActions } from "./list-actions.ts";
import { listIndicators } from "./list-indicators.ts";
import { findByReference, searchTitles } from "./look-up.ts";
import { summarise } from "./summarise.ts";

export const EXAMPLES: Help["examples"] = [
  { query: "AC/S8", what: "one indicator: latest result against target, rating, trend, benchmark, commentary" },
  { query: "ASCOF 1E", what: "find an indicator by its national code" },
  { query: "enablement", what: "indicators whose title mentions a word" },
  { query: "red adults", what: "indicators rated Red in a service (also amber, green, red amber, green amber)" },
  { query: "worsening", what: "indicators worse than the period before (or improving)" },
  { query: "summary", what: "counts by RAG level, direction of travel, type and service" },
  { query: "overdue", what: "key actions and measures of success that are overdue (or: actions)" },
  { query: "CG01", what: "one key action, commissioning activity or measure of success" },
];

export function help(message: string | null): Help {
  return { kind: "help", message, examples: EXAMPLES };
}

export interface AskOptions {
  /** Today, for what is overdue. */
  today?: Date;
}

export async function ask(catalogue: Catalogue, text: string, options: AskOptions = {}): Promise<View> {
  const query = parseQuery(text);
  const today = options.today ?? new Date();
  switch (query.kind) {
    case "help":
      if (query.reason === "too_long") return help(`That question is longer than ${MAX_QUERY_LENGTH} characters. Try a reference such as AC/S8, or a few words.`);
      if (query.reason === "unreadable") return help(`Sorry, I could not read “${text.trim().slice(0, 80)}”.`);
      return help(null);

    case "summary": {
      const services = servicesNamed(await catalogue.services(), query.serviceWords);
      if (query.serviceWords.length && !services.length) return help(`No service matches “${query.serviceWords.join(" ")}”.`);
      return await summarise(catalogue, services);
    }

    case "actions": {
      const services = servicesNamed(await catalogue.services(), query.serviceWords);
      if (query.serviceWords.length && !services.length) return help(`No service matches “${query.serviceWords.join(" ")}”.`);
      return await listActions(catalogue, query, services, today);
    }

    case "indicators": {
      const all = await catalogue.services();
      // "red adults": words that name a service filter by it; other words search titles.
      const named = query.serviceWords.length ? servicesNamed(all, query.serviceWords) : servicesNamed(all, query.words);
      if (query.serviceWords.length && !named.length) return help(`No service matches “${query.serviceWords.join(" ")}”.`);
      const words = !query.serviceWords.length && named.length ? [] : query.words;
      return await listIndicators(catalogue, { ...query, words }, named);
    }

    case "lookup": {
      const byReference = await findByReference(catalogue, query);
      if (byReference) return byReference;
      // Words that name a service ("adults") list its indicators; other words search titles.
      const named = servicesNamed(await catalogue.services(), query.words);
      if (named.length) return await listIndicators(catalogue, { text: query.text, levels: [], direction: null, serviceWords: [], words: [], page: 1 }, named);
      return (await searchTitles(catalogue, query)) ?? { kind: "not_found", query: query.text, message: `Nothing matches “${query.text}”.`, suggestions: [] };
    }
  }
}
