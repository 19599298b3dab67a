// What a message to the bot asks for, read once for every platform: a committee report, a form, or a
// question (and the commands respond.ts reads). The platforms act on the intent; none reads the text again.
import { reportRequest } from "../use-cases/report-in-chat.ts";
import { parsePeriod } from "../periods.ts";
import type { FormCommand } from "./forms/index.ts";

export type Intent =
  | { kind: "report"; words: string[] }
  /** `update AC/S8`, `target AC/S8 2017/18`, `assess P3`: subject "" where none was said. */
  | { kind: "form"; command: FormCommand; subject: string; period: string | null }
  | { kind: "ask"; text: string };

const UPDATE = /^\s*update\b(.*)$/is;
const ASSESS = /^\s*assess\b(.*)$/is;
/** `target AC/S8` or `target AC/S8 2017/18`; `target AC/S8 2017/18 65%` is the command that sets it, a question. */
const TARGET = /^\s*target\s+(\S+)(?:\s+[“"]?(.+?)[”"]?)?\s*$/is;

export function readIntent(text: string): Intent {
  const words = reportRequest(text);
  if (words) return { kind: "report", words };
  const update = UPDATE.exec(text);
  if (update) return { kind: "form", command: "update", subject: update[1]!.trim(), period: null };
  const target = TARGET.exec(text);
  if (target) {
    if (target[2] === undefined) return { kind: "form", command: "target", subject: target[1]!, period: null };
    const period = parsePeriod(target[2]);
    if (period) return { kind: "form", command: "target", subject: target[1]!, period: period.label };
  }
  const assess = ASSESS.exec(text);
  if (assess) return { kind: "form", command: "assess", subject: assess[1]!.trim(), period: null };
  return { kind: "ask", text };
}
