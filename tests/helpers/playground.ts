// Teams as people see it: the Microsoft 365 Agents Playground (Microsoft's Teams-like web client, which
// also plays the Bot Connector at /_connector) started against the service, and driven in headless
// Chromium with playwright-core. What the tests read is the page: text, buttons, pictures.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import { CHROMIUM } from "./chromium.ts";
import { root } from "./run.ts";

export { chromiumMissing, SKIPPED } from "./chromium.ts";

/**
 * Who the playground's user is: Alex Wilber as in its default configuration, but with Entra object and tenant ids
 * that are GUIDs (its defaults are not, so they could not be linked to a person: kpi people link --teams).
 */
export const PLAYGROUND_USER = "a1e3c0de-0000-4000-8000-000000000020";
export const PLAYGROUND_TENANT = "a1e3c0de-0000-4000-8000-000000000001";

/**
 * The playground's configuration file (.m365agentsplayground.yml): its default one (it wants five users), with those
 * ids and the personal chat's (--conversation-id fills in only its own default file).
 */
const playgroundConfig = (conversationId: string) => `version: "0.1.1"
tenantId: ${PLAYGROUND_TENANT}
bot:
  id: 00000000-0000-0000-0000-00000000000011
  name: Test Bot
currentUser:
  id: user-id-0
  name: Alex Wilber
  userPrincipleName: alexw@example.com
  aadObjectId: ${PLAYGROUND_USER}
  givenName: Alex
  surname: Wilber
  email: alexw@example.com
users:
  - id: user-id-1
    name: Megan Bowen
    userPrincipleName: meganb@example.com
    aadObjectId: a1e3c0de-0000-4000-8000-000000000021
    givenName: Megan
    surname: Bowen
    email: meganb@example.com
  - id: user-id-2
    name: Adele Vance
    userPrincipleName: adelev@example.com
    aadObjectId: a1e3c0de-0000-4000-8000-000000000022
    givenName: Adele
    surname: Vance
    email: adelev@example.com
  - id: user-id-3
    name: Isaiah Langer
    userPrincipleName: isaiahl@example.com
    aadObjectId: a1e3c0de-0000-4000-8000-000000000023
    givenName: Isaiah
    surname: Langer
    email: isaiahl@example.com
  - id: user-id-4
    name: Patti Fernandez
    userPrincipleName: pattif@example.com
    aadObjectId: a1e3c0de-0000-4000-8000-000000000024
    givenName: Patti
    surname: Fernandez
    email: pattif@example.com
  - id: user-id-5
    name: Lynne Robbins
    userPrincipleName: lynner@example.com
    aadObjectId: a1e3c0de-0000-4000-8000-000000000025
    givenName: Lynne
    surname: Robbins
    email: lynner@example.com
personalChat:
  id: ${JSON.stringify(conversationId)}
groupChat:
  id: __GROUP_CHAT_ID__
  name: Group Chat
team:
  id: team-id
  name: My Team
  aadGroupId: a1e3c0de-0000-4000-8000-000000000031
  channels:
    - id: channel-announcements-id
      name: Announcements
`;

/** Where each file's card screenshots go: under test-output/ (not in git), for people to look at. */
export function outputFolder(name: string): string {
  const folder = path.join(root, "test-output", "playground", name);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** A port free now, on loopback (the playground takes another of its own if it is gone by then, and says which). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface PlaygroundProcess {
  url: string;
  port: number;
  conversationId: string;
  /** What the playground printed: for the message of a test that failed. */
  output(): string;
  stop(): Promise<void>;
}

const PLAYGROUND_CLI = path.join(root, "node_modules/@microsoft/m365agentsplayground/cli.js");

/** The playground's command line: its own CLI, no telemetry, the Teams channel, the personal chat's id given. */
export function playgroundArgs(botPort: number, port: number, conversationId: string): string[] {
  return ["start", "-e", `http://127.0.0.1:${botPort}/api/messages`, "-c", "msteams", "--dt", "-p", String(port), "--conversation-id", conversationId];
}

/** Ends a process group started detached: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
export async function stopGroup(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // Gone already.
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
  // Anything of the group that outlived its leader.
  signal("SIGKILL");
}

/** Starts the playground against the bot's port, in a process group of its own; resolves once it listens. */
export async function startPlayground(botPort: number, conversationId = `a:playground-${process.pid}-${Date.now()}`): Promise<PlaygroundProcess> {
  const asked = await freePort();
  // Its configuration and log in a folder of its own (it writes its log under the working folder otherwise).
  const folder = mkdtempSync(path.join(os.tmpdir(), "kpi-playground-"));
  writeFileSync(path.join(folder, "config.yml"), playgroundConfig(conversationId));
  const env = { ...process.env, TEAMSAPPTESTER_BROWSER: "none", M365_AGENTS_PLAYGROUND_CONFIG_PATH: path.join(folder, "config.yml"), M365_AGENTS_PLAYGROUND_LOGFILE: path.join(folder, "playground.log") };
  const child = spawn(process.execPath, [PLAYGROUND_CLI, ...playgroundArgs(botPort, asked, conversationId)], { cwd: folder, detached: true, stdio: ["ignore", "pipe", "pipe"], env });
  const stop = async () => {
    await stopGroup(child);
    rmSync(folder, { recursive: true, force: true });
  };
  let output = "";
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the playground did not start in 30 s:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Listening on (\d+)/.exec(output);
      if (listening) {
        clearTimeout(timer);
        resolve(Number(listening[1]));
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the playground exited (${code}) before listening:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  // It says it listens before reading its configuration, and stops listening if that fails (said only in its log).
  const page = `http://127.0.0.1:${port}/`;
  for (const started = Date.now(); !(await fetch(page).then((r) => r.ok, () => false)); ) {
    if (Date.now() - started > 15_000 || child.exitCode !== null) {
      const log = readFileSync(path.join(folder, "playground.log"), "utf8");
      await stop();
      throw new Error(`the playground did not answer at ${page}:\n${output}\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: page, port, conversationId, output: () => output, stop };
}

/** Chromium as the tests run it: headless, no sandbox (containers), nothing fetched on its own, a fresh profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(path.join(os.tmpdir(), "kpi-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 1000 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface Chat {
  page: Page;
  /** The bot's messages on the page, oldest first. */
  botMessages(): Locator;
  /** Types a message and sends it; the bot's answer (the next message of the bot). */
  say(text: string): Promise<Locator>;
  /** Presses a button: the bot's next message, or the message the button was on once it changed in place. */
  press(message: Locator, button: string): Promise<Locator>;
  /** Waits for a message of the bot with that text, however it came (proactive posts); the message. */
  waitForMessage(text: string | RegExp, timeoutMs?: number): Promise<Locator>;
  /** Saves the message's picture under the output folder. */
  screenshot(message: Locator, name: string): Promise<string>;
  close(): Promise<void>;
}

const AUTHOR = '[aria-label="Message author"]';

/** The playground's chat open in headless Chromium, once the playground says it is connected to the bot. */
export async function openChat(playground: PlaygroundProcess, folder: string): Promise<Chat> {
  const { context, close } = await launchChromium();
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    await page.goto(playground.url, { waitUntil: "load" });
    await page.getByText("Connected.", { exact: true }).waitFor({ timeout: 30_000 });
  } catch (error) {
    // Chromium and its profile go too: the file's afterAll has no chat to close.
    await close();
    throw error;
  }
  const authors = page.locator(AUTHOR);
  // A message: its header's parent (header, then avatar and card).
  const messageAt = (index: number) => authors.nth(index).locator("xpath=../..");
  const until = async (done: () => Promise<boolean>, what: string, timeoutMs = 15_000) => {
    const started = Date.now();
    while (!(await done())) {
      if (Date.now() - started > timeoutMs) throw new Error(`${what}: not seen within ${timeoutMs} ms`);
      await page.waitForTimeout(100);
    }
  };
  /** Once the message has stopped changing (a card's pictures decoded). */
  const settled = async (message: Locator) => {
    await message.locator("img").evaluateAll((images) => Promise.all((images as HTMLImageElement[]).map((i) => i.decode().catch(() => undefined))));
    return message;
  };
  const nextMessage = async (before: number) => {
    await until(async () => (await authors.count()) > before, "the bot's answer");
    return settled(messageAt(before));
  };
  return {
    page,
    botMessages: () => page.locator(AUTHOR).locator("xpath=../.."),
    async say(text) {
      const before = await authors.count();
      const box = page.locator("[contenteditable]").first();
      await box.click();
      await box.fill(text);
      await page.keyboard.press("Enter");
      return nextMessage(before);
    },
    async press(message, button) {
      const before = await authors.count();
      const was = await message.innerText();
      await message.getByRole("button", { name: button, exact: true }).first().click();
      let changed = false;
      await until(async () => (await authors.count()) > before || (changed = (await message.innerText()) !== was), `the answer to pressing ${button}`);
      return changed ? settled(message) : nextMessage(before);
    },
    async waitForMessage(text, timeoutMs = 15_000) {
      const found = page.locator(AUTHOR).locator("xpath=../..").filter({ hasText: text });
      await until(async () => (await found.count()) > 0, `a message with ${String(text)}`, timeoutMs);
      return settled(found.last());
    },
    async screenshot(message, name) {
      const file = path.join(folder, `${name.replace(/[^\w.-]+/g, "-")}.png`);
      // A message taller than the chat's scrolling pane is drawn only in part: the window is made tall enough for it.
      const height = (await message.boundingBox())?.height ?? 0;
      const viewport = page.viewportSize()!;
      if (height > viewport.height - 250) await page.setViewportSize({ width: viewport.width, height: Math.ceil(height) + 300 });
      await message.scrollIntoViewIfNeeded();
      await message.screenshot({ path: file });
      await page.setViewportSize(viewport);
      return file;
    },
    close,
  };
}

/** The pictures in a message that loaded (decoded, with a width), with their alt text. */
export async function loadedPictures(message: Locator): Promise<{ width: number; alt: string }[]> {
  return message.locator("img").evaluateAll((images) => (images as HTMLImageElement[]).filter((i) => i.complete && i.naturalWidth > 0).map((i) => ({ width: i.naturalWidth, alt: i.alt })));
}

/**
 * The first picture in a process loads the drawing libraries while its card goes as text (chart-image.ts): asks
 * for an indicator until its card comes with its picture, so that the tests' cards come with theirs.
 */
export async function warmPictures(chat: Chat, question = "kpi AC/S9", timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await loadedPictures(await chat.say(question))).length) {
    if (Date.now() - started > timeoutMs) throw new Error(`no card came with its picture within ${timeoutMs} ms`);
    await chat.page.waitForTimeout(500);
  }
}
