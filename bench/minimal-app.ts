// The Slack bench's baseline: a Bolt app that only acknowledges /kpi, run as its own
// process (as the service is) so that both are measured alike. Reads PORT,
// SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and SLACK_API_URL; /healthz says it listens.
import { App, ExpressReceiver, LogLevel } from "@slack/bolt";
import express from "express";

const env = (name: string) => process.env[name] ?? "";
const http = express();
http.get("/healthz", (_req, res) => void res.json({ status: "ok" }));
const receiver = new ExpressReceiver({ signingSecret: env("SLACK_SIGNING_SECRET"), app: http, endpoints: "/slack/events", logLevel: LogLevel.ERROR });
const app = new App({ token: env("SLACK_BOT_TOKEN"), receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: env("SLACK_API_URL") } });
app.command("/kpi", async ({ ack }) => {
  await ack();
});
const server = http.listen(Number(env("PORT")), "127.0.0.1");
process.on("SIGTERM", () => server.close(() => process.exit(0)));
