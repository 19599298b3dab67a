// A local HTTP server standing in for Slack: the Web API (SLACK_API_URL) and
// response_url. It records what the bot sends and answers as Slack does.
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";

export interface Recorded {
  path: string;
  body: Record<string, unknown>;
}

export interface FakeSlack {
  url: string;
  apiUrl: string;
  responseUrl(id: string): string;
  calls: Recorded[];
  waitFor(predicate: (call: Recorded) => boolean, timeoutMs?: number): Promise<Recorded>;
  close(): Promise<void>;
}

function parse(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes("application/json")) return JSON.parse(raw || "{}");
  const form = Object.fromEntries(new URLSearchParams(raw));
  // The Web API client sends blocks and views as JSON inside form fields.
  for (const key of ["blocks", "view"]) if (typeof form[key] === "string") form[key] = JSON.parse(form[key] as string);
  return form;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: Recorded[] = [];
  const waiters: { predicate: (c: Recorded) => boolean; resolve: (c: Recorded) => void }[] = [];
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const call = { path: req.url ?? "", body: parse(raw, req.headers["content-type"]) };
      calls.push(call);
      for (const w of [...waiters]) {
        if (w.predicate(call)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(call);
        }
      }
      res.setHeader("content-type", "application/json");
      if (call.path.startsWith("/api/auth.test")) return res.end(JSON.stringify({ ok: true, user_id: "UBOT", bot_id: "BBOT", team_id: "T1", url: "https://example.slack.com/" }));
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return {
    url,
    apiUrl: `${url}/api/`,
    responseUrl: (id) => `${url}/response/${id}`,
    calls,
    waitFor(predicate, timeoutMs = 10_000) {
      const seen = calls.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ predicate, resolve });
        setTimeout(() => reject(new Error(`no matching call within ${timeoutMs} ms; calls: ${calls.map((c) => c.path).join(", ")}`)), timeoutMs).unref();
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Headers for a request signed as Slack signs them: v0:timestamp:body, HMAC-SHA256 with the signing secret. */
export function slackSignature(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return { "x-slack-signature": signature, "x-slack-request-timestamp": String(timestamp) };
}

export function slashCommandBody(text: string, responseUrl: string, user = "U1"): string {
  return new URLSearchParams({
    token: "legacy-verification-token",
    team_id: "T1",
    team_domain: "council",
    channel_id: "C1",
    channel_name: "performance",
    user_id: user,
    user_name: "officer",
    command: "/kpi",
    text,
    api_app_id: "A1",
    response_url: responseUrl,
    trigger_id: "1.2.3",
  }).toString();
}

export function buttonBody(actionId: string, value: string, responseUrl: string, user = "U1"): string {
  const payload = {
    type: "block_actions",
    user: { id: user, username: "officer", team_id: "T1" },
    api_app_id: "A1",
    token: "legacy-verification-token",
    container: { type: "message", message_ts: "1.1", channel_id: "C1", is_ephemeral: true },
    trigger_id: "1.2.3",
    team: { id: "T1", domain: "council" },
    channel: { id: "C1", name: "performance" },
    response_url: responseUrl,
    actions: [{ action_id: actionId, block_id: "b1", value, type: "button", action_ts: "1.2", text: { type: "plain_text", text: "x" } }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
