// What a message to the bot asks for, read by one table of routes for every platform, in order: the first whose
// pattern matches says what it is. The platforms act on a report or a form themselves (each has its own way to
// deliver one); respond.ts answers every other intent (a command, or a question for ask.ts).
import { MAX_QUERY_LENGTH } from "../query.ts";
import { parsePeriod } from "../periods.ts";
import { reportRequest } from "../use-cases/report-in-chat.ts";
import { DUE_QUESTION } from "../use-cases/what-is-due.ts";
import { WHOAMI_QUESTION } from "../use-cases/who-am-i.ts";
import { COMPARE_QUESTION } from "../use-cases/compare.ts";
import type { FormCommand } from "./forms/index.ts";

export type Intent =
  | { kind: "too_long" }
  | { kind: "report"; words: string[] }
  /** `update AC/S8`, `target AC/S8 2017/18`, `assess P3`: subject "" where none was said. */
  | { kind: "form"; command: FormCommand; subject: string; period: string | null }
  | { kind: "whoami" }
  | { kind: "subscribe"; filter: string }
  | { kind: "unsubscribe" }
  | { kind: "subscriptions" }
  | { kind: "due" }
  /** cycle open "Q3 2016/17" due 2017-01-20 [barnet]; cycle status; cycle close */
  | { kind: "cycle"; verb: "open" | "status" | "close"; rest: string }
  | { kind: "review" }
  /** accept AC/S8 Q3 2016/17; return AC/S8 Q3 2016/17 please add the numerator */
  | { kind: "decide"; decision: "accepted" | "returned"; ref: string; period: string; note: string | null }
  /** role jo@council.gov.uk officer */
  | { kind: "role"; email: string; role: string }
  /** target AC/S8 2017/18 65% */
  | { kind: "set_target"; ref: string; period: string; value: string }
  /** lock Q2 2016/17 [barnet]; reopen "Q2 2016/17" */
  | { kind: "lock"; verb: "lock" | "reopen"; period: string; words: string[] }
  /** retire AC/S8 replaced by AC/S12; unretire AC/S8 */
  | { kind: "retire"; verb: "retire" | "unretire"; ref: string; note: string }
  /** compare AC/S16: the indicator's national measure across councils. */
  | { kind: "compare"; subject: string }
  | { kind: "ask"; text: string };

/** A period as the commands take it: Q2 2016/17, 2017/18, Nov 2016, Spring 2016. */
const PERIOD = String.raw`(?:Q[1-4]\s+)?\d{4}\/\d{2}|[A-Za-z]{3,9}\s+\d{4}`;
const words = (text: string) => text.toLowerCase().split(/\s+/).filter(Boolean);

type Route = [pattern: RegExp, read: (m: RegExpExecArray) => Intent | null];

const ROUTES: Route[] = [
  [/^\s*update\b(.*)$/is, (m) => ({ kind: "form", command: "update", subject: m[1]!.trim(), period: null })],
  // `target AC/S8` or `target AC/S8 2017/18` opens the form; with a value after the period it sets the target (below).
  [/^\s*target\s+(\S+)(?:\s+[“"]?(.+?)[”"]?)?\s*$/is, (m) => {
    if (m[2] === undefined) return { kind: "form", command: "target", subject: m[1]!, period: null };
    const period = parsePeriod(m[2]);
    return period ? { kind: "form", command: "target", subject: m[1]!, period: period.label } : null;
  }],
  [COMPARE_QUESTION, (m) => ({ kind: "compare", subject: m[1]!.trim() })],
  [/^\s*assess\b(.*)$/is, (m) => ({ kind: "form", command: "assess", subject: m[1]!.trim(), period: null })],
  [WHOAMI_QUESTION, () => ({ kind: "whoami" })],
  [/^\s*subscribe\b(.*)$/is, (m) => ({ kind: "subscribe", filter: m[1]! })],
  [/^\s*unsubscribe\s*$/i, () => ({ kind: "unsubscribe" })],
  [/^\s*subscriptions\s*$/i, () => ({ kind: "subscriptions" })],
  [DUE_QUESTION, () => ({ kind: "due" })],
  [/^\s*cycle\s+(open|status|close)\b\s*(.*)$/is, (m) => ({ kind: "cycle", verb: m[1]!.toLowerCase() as "open" | "status" | "close", rest: m[2]! })],
  [/^\s*review\s*$/i, () => ({ kind: "review" })],
  [new RegExp(String.raw`^\s*(accept|return)\s+(\S+)\s+(${PERIOD})\s*(.*)$`, "is"), (m) => ({ kind: "decide", decision: m[1]!.toLowerCase() === "accept" ? "accepted" : "returned", ref: m[2]!, period: m[3]!, note: m[4]!.trim() || null })],
  // Slack may send the email as <mailto:jo@council.gov.uk|jo@council.gov.uk>.
  [/^\s*role\s+(?:<mailto:([^|>\s]+)(?:\|[^>]*)?>|(\S+@\S+))\s+([a-z]+)\s*$/i, (m) => ({ kind: "role", email: (m[1] ?? m[2])!.toLowerCase(), role: m[3]!.toLowerCase() })],
  [new RegExp(String.raw`^\s*target\s+(\S+)\s+[“"]?(${PERIOD})[”"]?\s+(.+)$`, "is"), (m) => ({ kind: "set_target", ref: m[1]!, period: m[2]!, value: m[3]! })],
  [new RegExp(String.raw`^\s*(lock|reopen)\s+[“"]?(${PERIOD})[”"]?\s*(.*)$`, "is"), (m) => ({ kind: "lock", verb: m[1]!.toLowerCase() as "lock" | "reopen", period: m[2]!, words: words(m[3]!) })],
  [/^\s*(retire|unretire)\s+(\S+)\s*(.*)$/is, (m) => ({ kind: "retire", verb: m[1]!.toLowerCase() as "retire" | "unretire", ref: m[2]!, note: m[3]! })],
];

export function readIntent(text: string): Intent {
  // Every command is read within the questions' limit: a long subscribe or report is refused, not cut.
  if (text.length > MAX_QUERY_LENGTH) return { kind: "too_long" };
  const report = reportRequest(text);
  if (report) return { kind: "report", words: report };
  for (const [pattern, read] of ROUTES) {
    const match = pattern.exec(text);
    const intent = match ? read(match) : null;
    if (intent) return intent;
  }
  return { kind: "ask", text };
}
