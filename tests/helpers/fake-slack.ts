// A local HTTP server standing in for Slack: the Web API (SLACK_API_URL),
// response_url and Socket Mode's WebSocket. It records what the bot sends and
// answers as Slack does.
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";

export interface Recorded {
  path: string;
  body: Record<string, unknown>;
  /** The HTTP status the fake answered with. */
  status: number;
  /** When the call arrived (Date.now()). */
  at: number;
}

/** An answer a test scripts for the Bot Connector: an HTTP status, with Retry-After (seconds or a date) if given. */
export type ScriptedAnswer = number | { status: number; retryAfter?: string };

/** What the app sends back over Socket Mode for an envelope: its id, and the response body if any. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/**
 * Socket Mode as Slack plays it: apps.connections.open returns this WebSocket's URL; on each
 * connection Slack sends {type: "hello"}, then envelopes {envelope_id, type, payload,
 * accepts_response_payload}, each acknowledged by the app with {envelope_id, payload}.
 */
export interface FakeSocketMode {
  /** Connections open now. */
  open(): number;
  /** Sends an envelope to the connected app and resolves with its acknowledgement. */
  send(type: string, payload: Record<string, unknown>, timeoutMs?: number): Promise<SocketAck>;
  /** Resolves once no connection is open. */
  allClosed(timeoutMs?: number): Promise<void>;
}

/** A file someone shared, as files.info describes it and its url_private_download serves it (to a request with a bot token). */
export interface FakeFile {
  id: string;
  name: string;
  bytes: Buffer;
  /** Who shared it (files.info's user). */
  user?: string;
  /** files.info's url_private_download, where it is not this fake's own download link (a look-alike host). */
  link?: string;
  /** The download link answers 302 to this address instead of with the bytes. */
  redirectTo?: string;
}

/** A file uploaded through files.getUploadURLExternal, its upload URL and files.completeUploadExternal. */
export interface FakeUpload {
  id: string;
  filename: string;
  /** The length files.getUploadURLExternal was told. */
  length: number;
  altText: string | null;
  /** The bytes its upload URL received (null: none yet), and how they came (raw, or a multipart form's file). */
  received: number | null;
  /** The file's bytes as received (multipart: the form's file). */
  bytes: Buffer | null;
  encoding: "raw" | "multipart" | null;
  /** Set by files.completeUploadExternal. */
  title: string | null;
  /** Where it was shared (files.completeUploadExternal's channel_id); empty: private to the bot. */
  sharedIn: string[];
}

/** A message that files.completeUploadExternal posted: the blocks given, with the files below them. */
export interface FakeFileMessage {
  channel: string;
  threadTs: string | null;
  blocks: unknown[] | null;
  files: string[];
}

export interface FakeSlack {
  url: string;
  /** Files uploaded by the bot, in the order their upload URLs were asked for. */
  uploads(): FakeUpload[];
  /** Messages files.completeUploadExternal posted. */
  fileMessages: FakeFileMessage[];
  /** The Web API method given (e.g. "files.completeUploadExternal") answers { ok: false, error } from now on; null: as usual again. */
  failMethod(method: string, error: string | null): void;
  /** Holds a file from now on (files.info and its download link); removeFile: as if deleted. */
  addFile(file: FakeFile): void;
  removeFile(id: string): void;
  apiUrl: string;
  responseUrl(id: string): string;
  calls: Recorded[];
  waitFor(predicate: (call: Recorded) => boolean, timeoutMs?: number): Promise<Recorded>;
  socketMode: FakeSocketMode;
  /** chat.postMessage answers HTTP 429 with this Retry-After for the next `times` calls (to `channel` only, if given). */
  rateLimitPosts(times: number, retryAfterSeconds: number, channel?: string): void;
  /** chat.postMessage to `channel` answers { ok: false, error } from now on (e.g. "channel_not_found"). */
  failPostsTo(channel: string, error: string): void;
  /** The next call of the Web API method is done (and recorded) as usual, but its answer waits until release(); arrived resolves when it comes. */
  holdNext(method: string): { arrived: Promise<void>; release(): void };
  /** The next call of the method is done (and recorded) as usual, then its connection is closed without an answer. */
  dropNext(method: string): void;
  /** Calls of the method answer this HTTP status from now on, doing nothing (as Slack's 5xx); null: as usual again. */
  answerStatus(method: string, status: number | null): void;
  /** As the Bot Connector: the next requests to this conversation's activities answer these statuses in turn, then as usual. */
  answerActivities(conversationId: string, answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

/** Resolves when check() holds, polling; rejects after timeoutMs. */
async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function parse(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes("application/json")) return JSON.parse(raw || "{}");
  const form = Object.fromEntries(new URLSearchParams(raw));
  // The Web API client sends blocks, views and a completed upload's files as JSON inside form fields.
  for (const key of ["blocks", "view", "files"]) if (typeof form[key] === "string") form[key] = JSON.parse(form[key] as string);
  return form;
}

/** A member of the fake workspace, as users.info and users.lookupByEmail return them. */
export interface FakeUser {
  id: string;
  email: string;
}

/** The Bot Connector's conversation id in a path to its activities (a reply or a new message): /v3/conversations/<id>/activities[/<reply to>]. */
function activitiesOf(path: string): string | null {
  const match = /^\/v3\/conversations\/([^/?]+)\/activities(?:[/?]|$)/.exec(path);
  return match ? decodeURIComponent(match[1]!) : null;
}

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

/** Every image in blocks (an image block, or an image element in a section's accessory or a context), with its JSON pointer. */
function imagesIn(blocks: unknown): { pointer: string; image: Record<string, unknown> }[] {
  if (!Array.isArray(blocks)) return [];
  const found: { pointer: string; image: Record<string, unknown> }[] = [];
  blocks.forEach((block: Record<string, unknown> | null, i) => {
    if (block?.type === "image") found.push({ pointer: `/blocks/${i}`, image: block });
    const accessory = block?.accessory as Record<string, unknown> | undefined;
    if (accessory?.type === "image") found.push({ pointer: `/blocks/${i}/accessory`, image: accessory });
    if (block?.type === "context" && Array.isArray(block.elements)) {
      block.elements.forEach((e: Record<string, unknown> | null, j: number) => e?.type === "image" && found.push({ pointer: `/blocks/${i}/elements/${j}`, image: e }));
    }
  });
  return found;
}

/** Slack's refusal of blocks: { ok: false, error: "invalid_blocks", errors }, each error with its JSON pointer as Slack writes it. */
const invalidBlocks = (errors: string[]): Record<string, unknown> => ({ ok: false, error: "invalid_blocks", errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } });

export async function startFakeSlack(options: { users?: FakeUser[] } = {}): Promise<FakeSlack> {
  const users = options.users ?? [];
  const calls: Recorded[] = [];
  const waiters: { predicate: (c: Recorded) => boolean; resolve: (c: Recorded) => void }[] = [];
  // What tests scripted: rate limits and errors for chat.postMessage, statuses for the Bot Connector.
  const rateLimits: { times: number; retryAfterSeconds: number; channel?: string }[] = [];
  const postErrors = new Map<string, string>();
  const activityAnswers = new Map<string, ScriptedAnswer[]>();
  let views = 0;
  const files = new Map<string, FakeFile>();
  const uploads = new Map<string, FakeUpload>();
  const fileMessages: FakeFileMessage[] = [];
  const failing = new Map<string, string>();
  const holds = new Map<string, { arrive(): void; released: Promise<void> }>();
  const drops = new Set<string>();
  const statuses = new Map<string, number>();

  /**
   * What Slack says of the images in blocks: an image block's slack_file must name a file already shared into a
   * conversation (a private upload, or the very file being completed, is refused: slackapi/java-slack-sdk#1349,
   * python-slack-sdk#1658); an image_url must download as an image when the message is posted.
   */
  const checkImages = async (blocks: unknown): Promise<string[]> => {
    const errors: string[] = [];
    for (const { pointer, image } of imagesIn(blocks)) {
      const file = image.slack_file as { id?: unknown; url?: unknown } | undefined;
      if (file) {
        const upload = typeof file.id === "string" ? uploads.get(file.id) : undefined;
        if (!upload || upload.sharedIn.length === 0) errors.push(`invalid slack file [json-pointer:${pointer}/slack_file]`);
      } else if (typeof image.image_url === "string") {
        const fetched = await fetch(image.image_url).then(
          async (r) => r.ok && (r.headers.get("content-type") ?? "").startsWith("image/") && (await r.arrayBuffer()).byteLength > 0,
          () => false,
        );
        if (!fetched) errors.push(`downloading image failed [json-pointer:${pointer}/image_url]`);
      } else errors.push(`must provide either image_url or slack_file [json-pointer:${pointer}]`);
    }
    return errors;
  };

  /** files.getUploadURLExternal and files.completeUploadExternal, as Slack answers them. */
  const fileCall = async (method: string, body: Record<string, unknown>): Promise<Answer> => {
    if (method === "files.getUploadURLExternal") {
      const length = Number(body.length);
      if (typeof body.filename !== "string" || !body.filename || !Number.isInteger(length) || length < 1) return { status: 200, body: { ok: false, error: "invalid_arguments" } };
      const id = `F${String(uploads.size + 1).padStart(10, "0")}`;
      uploads.set(id, { id, filename: body.filename, length, altText: typeof body.alt_text === "string" ? body.alt_text : null, received: null, bytes: null, encoding: null, title: null, sharedIn: [] });
      return { status: 200, body: { ok: true, upload_url: `${url}/upload/v1/${id}`, file_id: id } };
    }
    // files.completeUploadExternal: every file must have been uploaded; the blocks are checked before anything is shared.
    const listed = Array.isArray(body.files) ? (body.files as { id?: unknown; title?: unknown }[]) : [];
    const completing = listed.map((f) => (typeof f?.id === "string" ? uploads.get(f.id) : undefined));
    if (!listed.length || completing.some((u) => !u || u.received === null)) return { status: 200, body: { ok: false, error: "file_not_found" } };
    const errors = await checkImages(body.blocks);
    if (errors.length) return { status: 200, body: invalidBlocks(errors) };
    const channel = typeof body.channel_id === "string" ? body.channel_id : null;
    completing.forEach((u, i) => {
      u!.title = typeof listed[i]!.title === "string" ? (listed[i]!.title as string) : u!.filename;
      if (channel) u!.sharedIn.push(channel);
    });
    if (channel) fileMessages.push({ channel, threadTs: typeof body.thread_ts === "string" ? body.thread_ts : null, blocks: Array.isArray(body.blocks) ? body.blocks : null, files: completing.map((u) => u!.id) });
    return { status: 200, body: { ok: true, files: completing.map((u) => ({ id: u!.id, title: u!.title })) } };
  };

  const scripted = (call: { path: string; body: Record<string, unknown> }): Answer | null => {
    if (call.path.startsWith("/api/chat.postMessage")) {
      const limit = rateLimits.find((l) => l.times > 0 && (l.channel === undefined || l.channel === call.body.channel));
      if (limit) {
        limit.times--;
        return { status: 429, headers: { "retry-after": String(limit.retryAfterSeconds) }, body: { ok: false, error: "ratelimited" } };
      }
      const error = postErrors.get(String(call.body.channel));
      if (error) return { status: 200, body: { ok: false, error } };
      return { status: 200, body: { ok: true, channel: call.body.channel, ts: `${Date.now() / 1000}` } };
    }
    const conversation = activitiesOf(call.path);
    const next = conversation === null ? undefined : activityAnswers.get(conversation)?.shift();
    if (next === undefined) return null;
    const { status, retryAfter } = typeof next === "number" ? { status: next, retryAfter: undefined } : next;
    return { status, headers: retryAfter === undefined ? {} : { "retry-after": retryAfter }, body: { error: { code: `Status${status}`, message: `scripted ${status}` } } };
  };

  let activitiesSent = 0;
  const answerFor = async (call: { path: string; body: Record<string, unknown> }): Promise<Answer> => {
    const method = /^\/api\/([\w.]+)/.exec(call.path)?.[1];
    const failure = method ? failing.get(method) : undefined;
    if (failure) return { status: 200, body: { ok: false, error: failure } };
    if (method === "files.getUploadURLExternal" || method === "files.completeUploadExternal") return await fileCall(method, call.body);
    // Messages with blocks: their images are checked as Slack checks them (a response_url answers 404 with the error).
    if (/^\/api\/chat\.(postMessage|postEphemeral|update)\b/.test(call.path) || call.path.startsWith("/response/")) {
      const errors = await checkImages(call.body.blocks);
      if (errors.length) return { status: call.path.startsWith("/response/") ? 404 : 200, body: invalidBlocks(errors) };
    }
    const script = scripted(call);
    if (script) return script;
    if (call.path.startsWith("/api/files.info")) {
      const file = files.get(String(call.body.file));
      const link = file && (file.link ?? `${url}/files-pri/T1-${file.id}/download/${encodeURIComponent(file.name)}`);
      return { status: 200, body: file ? { ok: true, file: { id: file.id, name: file.name, user: file.user, size: file.bytes.length, url_private_download: link } } : { ok: false, error: "file_not_found" } };
    }
    if (call.path.startsWith("/api/auth.test")) return { status: 200, body: { ok: true, user_id: "UBOT", bot_id: "BBOT", team_id: "T1", url: "https://example.slack.com/" } };
    // Slack's answers for a user it does not have: user_not_found (users.info), users_not_found (lookupByEmail).
    if (call.path.startsWith("/api/users.info")) {
      const user = users.find((u) => u.id === call.body.user);
      return { status: 200, body: user ? { ok: true, user: { id: user.id, team_id: "T1", profile: { email: user.email } } } : { ok: false, error: "user_not_found" } };
    }
    if (call.path.startsWith("/api/users.lookupByEmail")) {
      const user = users.find((u) => u.email === call.body.email);
      return { status: 200, body: user ? { ok: true, user: { id: user.id, team_id: "T1", profile: { email: user.email } } } : { ok: false, error: "users_not_found" } };
    }
    // views.open and views.update answer with the view as shown, with its id and hash (for a later views.update).
    if (/^\/api\/views\.(open|update|push)\b/.test(call.path)) {
      const view = typeof call.body.view === "object" && call.body.view !== null ? call.body.view : {};
      const id = typeof call.body.view_id === "string" ? call.body.view_id : `V${++views}`;
      return { status: 200, body: { ok: true, view: { ...view, id, hash: `${Date.now()}.${views}`, state: { values: {} } } } };
    }
    // A direct message with a user: its channel id is D followed by the user's id.
    if (call.path.startsWith("/api/conversations.open")) return { status: 200, body: { ok: true, channel: { id: `D${String(call.body.users ?? "").replace(/^[UW]/, "")}` } } };
    if (call.path.startsWith("/api/apps.connections.open")) return { status: 200, body: { ok: true, url: `${url.replace(/^http/, "ws")}/link?ticket=t1` } };
    // As the Bot Connector answers a message sent to a conversation: the new activity's id (a ResourceResponse).
    if (activitiesOf(call.path) !== null) return { status: 200, body: { ok: true, id: `sent-${++activitiesSent}` } };
    return { status: 200, body: { ok: true } };
  };

  const record = (call: Recorded) => {
    calls.push(call);
    for (const w of [...waiters]) {
      if (w.predicate(call)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(call);
      }
    }
  };

  const server: Server = createServer((req, res) => {
    // A file's download link: its bytes to a request with a bot token; Slack's sign-in page (a 200) to any other.
    const download = /^\/files-pri\/T1-([^/]+)\/download\//.exec(req.url ?? "");
    if (download && req.method === "GET") {
      const file = files.get(download[1]!);
      const authorized = /^Bearer xoxb-/.test(req.headers.authorization ?? "");
      calls.push({ path: req.url ?? "", body: { authorized }, status: file ? 200 : 404, at: Date.now() });
      if (!file) return void res.writeHead(404).end();
      if (!authorized) return void res.writeHead(200, { "content-type": "text/html" }).end("<html>Sign in to Slack</html>");
      if (file.redirectTo) return void res.writeHead(302, { location: file.redirectTo }).end();
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(file.bytes.length) });
      return void res.end(file.bytes);
    }
    // An upload URL: Slack takes the bytes raw or as a multipart form's file, and answers 200 "OK - <size>".
    const uploading = /^\/upload\/v1\/([^/?]+)$/.exec(req.url ?? "");
    if (uploading && req.method === "POST") {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", async () => {
        const upload = uploads.get(uploading[1]!);
        const raw = Buffer.concat(chunks);
        const contentType = req.headers["content-type"] ?? "";
        let bytes = raw;
        if (contentType.startsWith("multipart/form-data")) {
          const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
          const file = [...form.values()].find((v): v is File => typeof v !== "string");
          bytes = file ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
        }
        const size = bytes.length;
        if (upload) Object.assign(upload, { received: size, bytes, encoding: contentType.startsWith("multipart/form-data") ? "multipart" : "raw" });
        record({ path: req.url ?? "", body: { bytes: size }, status: upload ? 200 : 404, at: Date.now() });
        res.writeHead(upload ? 200 : 404, { "content-type": "text/plain" }).end(upload ? `OK - ${size}` : "Not found");
      });
      return;
    }
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", async () => {
      const received = { path: req.url ?? "", body: parse(raw, req.headers["content-type"]) };
      const method = /^\/api\/([\w.]+)/.exec(received.path)?.[1] ?? "";
      const status = statuses.get(method);
      if (status !== undefined) {
        record({ ...received, status, at: Date.now() });
        return void res.writeHead(status, { "content-type": "text/plain" }).end("Service Unavailable");
      }
      const answer = await answerFor(received);
      const call: Recorded = { ...received, status: answer.status, at: Date.now() };
      record(call);
      const hold = holds.get(method);
      if (hold) {
        holds.delete(method);
        hold.arrive();
        await hold.released;
      }
      if (drops.delete(method)) return void req.socket.destroy();
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });

  const sockets = new WebSocketServer({ server, path: "/link" });
  const acks = new Map<string, (ack: SocketAck) => void>();
  let envelopes = 0;
  sockets.on("connection", (socket: WebSocket) => {
    socket.on("message", (data) => {
      const ack = JSON.parse(String(data)) as SocketAck;
      acks.get(ack.envelope_id)?.(ack);
    });
    socket.send(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A1" }, debug_info: { host: "fake" } }));
  });
  const openSockets = () => [...sockets.clients].filter((c) => c.readyState === c.OPEN);
  const socketMode: FakeSocketMode = {
    open: () => openSockets().length,
    send(type, payload, timeoutMs = 10_000) {
      const [socket] = openSockets();
      if (!socket) return Promise.reject(new Error("no Socket Mode connection is open"));
      const envelopeId = `envelope-${++envelopes}`;
      return new Promise((resolve, reject) => {
        acks.set(envelopeId, resolve);
        setTimeout(() => reject(new Error(`no acknowledgement of ${envelopeId} within ${timeoutMs} ms`)), timeoutMs).unref();
        socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: true }));
      });
    },
    allClosed: (timeoutMs = 5_000) => until(() => sockets.clients.size === 0, timeoutMs, "Socket Mode connections still open"),
  };

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return {
    url,
    uploads: () => [...uploads.values()],
    fileMessages,
    failMethod: (method, error) => void (error === null ? failing.delete(method) : failing.set(method, error)),
    apiUrl: `${url}/api/`,
    addFile: (file) => void files.set(file.id, file),
    removeFile: (id) => void files.delete(id),
    responseUrl: (id) => `${url}/response/${id}`,
    calls,
    socketMode,
    rateLimitPosts: (times, retryAfterSeconds, channel) => void rateLimits.push({ times, retryAfterSeconds, channel }),
    failPostsTo: (channel, error) => void postErrors.set(channel, error),
    holdNext(method) {
      let arrive = () => undefined as void;
      let release = () => undefined as void;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.set(method, { arrive, released });
      return { arrived, release };
    },
    dropNext: (method) => void drops.add(method),
    answerStatus: (method, status) => void (status === null ? statuses.delete(method) : statuses.set(method, status)),
    answerActivities: (conversationId, answers) => void activityAnswers.set(conversationId, [...(activityAnswers.get(conversationId) ?? []), ...answers]),
    waitFor(predicate, timeoutMs = 10_000) {
      const seen = calls.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ predicate, resolve });
        setTimeout(() => reject(new Error(`no matching call within ${timeoutMs} ms; calls: ${calls.map((c) => c.path).join(", ")}`)), timeoutMs).unref();
      });
    },
    close: () => {
      for (const socket of sockets.clients) socket.terminate();
      sockets.close();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** An http URL on which nothing listens: a Slack that cannot be reached. */
export async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/api/`;
}

/** Headers for a request signed as Slack signs them: v0:timestamp:body, HMAC-SHA256 with the signing secret. */
export function slackSignature(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return { "x-slack-signature": signature, "x-slack-request-timestamp": String(timestamp) };
}

/** The fields of a /kpi slash command, as Slack sends them (form-encoded over HTTP, JSON over Socket Mode). */
export function slashCommand(text: string, responseUrl: string, user = "U1", team = "T1", triggerId = "1.2.3"): Record<string, string> {
  return {
    token: "legacy-verification-token",
    team_id: team,
    team_domain: "council",
    channel_id: "C1",
    channel_name: "performance",
    user_id: user,
    user_name: "officer",
    command: "/kpi",
    text,
    api_app_id: "A1",
    response_url: responseUrl,
    trigger_id: triggerId,
  };
}

export function slashCommandBody(text: string, responseUrl: string, user = "U1", team = "T1", triggerId = "1.2.3"): string {
  return new URLSearchParams(slashCommand(text, responseUrl, user, team, triggerId)).toString();
}

/** A button press; a null value sends the button without one. */
export function buttonBody(actionId: string, value: string | null, responseUrl: string, user = "U1", team = "T1", triggerId = "1.2.3"): string {
  const payload = {
    type: "block_actions",
    user: { id: user, username: "officer", team_id: team },
    api_app_id: "A1",
    token: "legacy-verification-token",
    container: { type: "message", message_ts: "1.1", channel_id: "C1", is_ephemeral: true },
    trigger_id: triggerId,
    team: { id: team, domain: "council" },
    channel: { id: "C1", name: "performance" },
    response_url: responseUrl,
    actions: [{ action_id: actionId, block_id: "b1", ...(value === null ? {} : { value }), type: "button", action_ts: "1.2", text: { type: "plain_text", text: "x" } }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** What one input holds in a submitted view's state, as Slack sends it: state.values[block_id][action_id]. */
export interface SubmittedValue {
  type: string;
  /** A text or number input's. */
  value?: string | null;
  /** A select's choice (null: none chosen). */
  selected_option?: { text: { type: "plain_text"; text: string }; value: string } | null;
}

/** A modal submitted (view_submission), as Slack sends it: the view the app opened, with what was typed in its state. */
export function viewSubmissionBody(view: { callback_id: string; private_metadata?: string; values: Record<string, Record<string, SubmittedValue>>; id?: string }, user = "U1", team = "T1"): string {
  const payload = {
    type: "view_submission",
    team: { id: team, domain: "council" },
    user: { id: user, username: "officer", name: "officer", team_id: team },
    api_app_id: "A1",
    token: "legacy-verification-token",
    trigger_id: "9.9.9",
    view: {
      id: view.id ?? "V1",
      team_id: team,
      type: "modal",
      callback_id: view.callback_id,
      private_metadata: view.private_metadata ?? "",
      state: { values: view.values },
      hash: "1.1",
      root_view_id: view.id ?? "V1",
      previous_view_id: null,
      app_id: "A1",
      bot_id: "BBOT",
      clear_on_close: false,
      notify_on_close: false,
      external_id: "",
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
