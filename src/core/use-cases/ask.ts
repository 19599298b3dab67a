// Answers what a user typed after /kpi (Slack), kpi (Teams) or in the console.
import type { Catalogue } from "../ports.ts";
import { MAX_QUERY_LENGTH, parseQuery, type Query } from "../query.ts";
import { EVERYWHERE, readWords, type WordsRead } from "../services.ts";
import type { Help, View } from "../views.ts";
import { listActions } from "./list-actions.ts";
import { listIndicators } from "./list-indicators.ts";
import { changesOf } from "./changes-of.ts";
import { findByReference } from "./look-up.ts";
import { noSuchService, whyNoActions, whyNoIndicators, whyNoSummary } from "./nothing-matched.ts";
import { showWheel } from "./show-wheel.ts";
import { summarise } from "./summarise.ts";

export const EXAMPLES: Help["examples"] = [
  { query: "AC/S8", what: "one indicator: latest result against target, rating, trend, benchmark, commentary" },
  { query: "ASCOF 1E", what: "find an indicator by its national code" },
  { query: "enablement", what: "indicators whose title mentions a word" },
  { query: "red adults", what: "indicators rated Red in a service (also amber, green, red amber, green amber)" },
  { query: "sutton", what: "an organisation's indicators, or its actions where it reports none" },
  { query: "worsening", what: "indicators worse than the period before (or improving)" },
  { query: "summary", what: "counts by RAG level, direction of travel, type and service" },
  { query: "overdue", what: "key actions and measures of success that are overdue (or: actions)" },
  { query: "CG01", what: "one key action, commissioning activity or measure of success" },
  { query: "update AC/S8", what: "submit a period's result and commentary (owners, officers); for a key action (update CG01), its RAG or status and a latest note" },
  { query: "due", what: "the updates due from you in the open reporting cycle, and where each stands (also: my updates)" },
  { query: "wheel", what: "the performance wheel: objectives by status and direction per group, red narratives first; wheel Q2 2017/18, wheel tag A&H; P3 for one objective" },
  { query: "assess P3", what: "set an objective's status, direction and narrative for a period (its owner, officers, admins)" },
  { query: "report Q1 2016/17", what: "the committee report (Word, with a trend chart per indicator; add a service, or html) sent to you (officers, admins)" },
  { query: "history AC/S8", what: "every recorded change to an indicator: who, when, before and after" },
  { query: "whoami", what: "who the bot takes you for, your organisation and roles" },
  { query: "subscribe", what: "in a channel: a weekly digest of what is red and amber, and alerts (admins and officers)" },
  { query: "target AC/S8 2017/18 65%", what: "set a period's target: a figure, a range such as 60-65%, or N/A; target AC/S8 alone opens a form (officers, admins)" },
  { query: "lock Q2 2016/17", what: "lock a published period: no result, acceptance or target changes (officers, admins); reopen Q2 2016/17 (admins)" },
  { query: "retire AC/S8 replaced by AC/S12", what: "leave an indicator out of lists, digests and alerts, keeping its card and history; unretire AC/S8 (officers, admins)" },
];

export function help(message: string | null): Help {
  return { kind: "help", message, examples: EXAMPLES };
}

export interface AskOptions {
  /** Today, for what is overdue. */
  today?: Date;
}

/** What anything typed over the limit gets: a question, a command, a report. */
export function tooLong(): Help {
  return help(`That is longer than ${MAX_QUERY_LENGTH} characters. Try a reference such as AC/S8, or a few words.`);
}

/** Help with a message saying why the question could not be read, where there is a why. */
function helpFor(reason: Extract<Query, { kind: "help" }>["reason"], text: string): Help {
  const typed = text.trim().slice(0, 80);
  switch (reason) {
    case "too_long":
      return tooLong();
    case "unreadable":
      return help(`Sorry, I could not read “${typed}”.`);
    case "vague":
      return help(`“${typed}” does not say which indicators: name one, a service or a rating.`);
    case "page_only":
      return help(`“${typed}” on its own does not say which list to page through: add the question, as in “red page 2”, or use the Next button under a list.`);
    default:
      return help(null);
  }
}

/** Which organisations and services the words name, and which are title words; read from the catalogue only when there are words. */
async function readQuestion(catalogue: Catalogue, words: string[], serviceWords: string[]): Promise<WordsRead> {
  if (!words.length && !serviceWords.length) return { scope: EVERYWHERE, scopeQuery: "", titleWords: [], unknownServiceWords: [] };
  const [organisations, services] = await Promise.all([catalogue.organisations(), catalogue.services()]);
  return readWords(words, serviceWords, organisations, services);
}

export async function ask(catalogue: Catalogue, text: string, options: AskOptions = {}): Promise<View> {
  const query = parseQuery(text);
  const today = options.today ?? new Date();
  if (query.kind === "help") return helpFor(query.reason, text);

  if (query.kind === "changes") return await changesOf(catalogue, query.refs);
  if (query.kind === "wheel") return await showWheel(catalogue, query);
  // A known reference anywhere in the question answers it: "what is AC/S8?".
  const byReference = await findByReference(catalogue, query.refs);
  if (byReference) return byReference;

  const read = await readQuestion(catalogue, query.words, query.serviceWords);
  if (read.unknownServiceWords.length) return await noSuchService(catalogue, query.text, read);
  const { scope, scopeQuery, titleWords } = read;
  switch (query.kind) {
    case "summary": {
      // Only organisations and services are summarised: other words say that they name none.
      const summary = titleWords.length ? null : await summarise(catalogue, scope);
      return summary?.sections.length ? summary : await whyNoSummary(catalogue, query.text, read);
    }
    case "actions": {
      const request = { text: query.text, overdue: query.overdue, scope, scopeQuery, titleWords, page: query.page };
      const list = await listActions(catalogue, request, today);
      return list.total ? list : await whyNoActions(catalogue, request, today);
    }
    case "indicators": {
      const request = { text: query.text, levels: query.levels, direction: query.direction, scope, scopeQuery, titleWords, page: query.page };
      const list = await listIndicators(catalogue, request);
      return list.total ? list : await whyNoIndicators(catalogue, request, today);
    }
  }
}
