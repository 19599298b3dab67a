// Signed chart URLs: a token names the indicator (or the wheel), width and expiry; the route answers the picture for a good
// one and the same bare 404 for one that is expired, altered, signed with another key or malformed.
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartToken, chartUrls, CHART_URL_LIFETIME_MS, mountChartRoute, readChartToken, type ChartSubject, type PictureSubject } from "../../src/http/chart-urls.ts";
import { createHttpApp, finishHttpApp, listen } from "../../src/http/server.ts";
import { memoryLog } from "../helpers/log.ts";
import { pngSize, solidPng } from "../helpers/png.ts";

const SECRET = "a-chart-url-secret-of-32-characters!";
const AC_S8: ChartSubject = { organisation: "London Borough of Barnet", ref: "AC/S8" };
const WHEEL: PictureSubject = { kind: "wheel", organisation: "London Borough of Barnet", period: "Q2 2017/18" };
const NOW = new Date("2017-01-10T09:00:00Z");
const later = (ms: number) => new Date(NOW.getTime() + ms);

/** Every token that differs from `token` in one character (each position, to another base64url character). */
function alterations(token: string): string[] {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  return [...token].flatMap((c, i) => (c === "." ? [] : [alphabet.indexOf(c) === 0 ? "B" : "A", "_"].filter((d) => d !== c).map((d) => token.slice(0, i) + d + token.slice(i + 1))));
}

describe("chart tokens", () => {
  it("read back what they name until they expire", () => {
    const token = chartToken(AC_S8, 800, later(60_000), SECRET);
    expect(readChartToken(token, SECRET, NOW)).toEqual({ subject: AC_S8, width: 800 });
    expect(readChartToken(token, SECRET, later(59_999))).not.toBeNull();
    expect(readChartToken(token, SECRET, later(60_000))).toBeNull();
  });

  it("name a wheel by organisation and period, never read as an indicator's", () => {
    const token = chartToken(WHEEL, 1024, later(60_000), SECRET);
    expect(readChartToken(token, SECRET, NOW)).toEqual({ subject: WHEEL, width: 1024 });
    expect(readChartToken(token, SECRET, later(60_000))).toBeNull();
    for (const other of alterations(token)) expect(readChartToken(other, SECRET, NOW)).toBeNull();
    // An indicator whose organisation is called "wheel" is still an indicator: four fields, not five.
    const odd: ChartSubject = { organisation: "wheel", ref: "Q2 2017/18" };
    expect(readChartToken(chartToken(odd, 640, later(60_000), SECRET), SECRET, NOW)).toEqual({ subject: odd, width: 640 });
  });

  it("read as nothing once any character is changed, or under another key", () => {
    const token = chartToken(AC_S8, 800, later(60_000), SECRET);
    const altered = alterations(token);
    expect(altered.length).toBeGreaterThan(token.length);
    for (const other of altered) expect(readChartToken(other, SECRET, NOW)).toBeNull();
    expect(readChartToken(token, `${SECRET}x`, NOW)).toBeNull();
    for (const junk of ["", ".", "x.y", `${token}.png`, `${token}=`, "%00", "a".repeat(5000)]) expect(readChartToken(junk, SECRET, NOW)).toBeNull();
  });

  it("are made under the public address, a week ahead, at a width the route takes", () => {
    const urls = chartUrls("https://kpi.council.gov.uk/", SECRET, () => NOW);
    const url = urls.urlFor(AC_S8, 5000);
    const token = /^https:\/\/kpi\.council\.gov\.uk\/charts\/([\w.-]+)\.png$/.exec(url)?.[1];
    expect(token).toBeDefined();
    expect(readChartToken(token!, SECRET, later(CHART_URL_LIFETIME_MS - 1))).toEqual({ subject: AC_S8, width: 1600 });
    expect(readChartToken(token!, SECRET, later(CHART_URL_LIFETIME_MS))).toBeNull();
  });
});

describe("GET /charts/<token>.png", () => {
  let server: Server;
  let base: string;
  let now = NOW;
  const drawn: { subject: PictureSubject; width: number }[] = [];
  beforeAll(async () => {
    const app = createHttpApp({ isAlive: async () => true }, { logger: memoryLog("silent").logger });
    mountChartRoute(app, {
      secret: SECRET,
      clock: () => now,
      // The indicator AC/S8 of Barnet exists; anything else has gone; "broken" fails to draw.
      draw: async (subject, width) => {
        drawn.push({ subject, width });
        if (subject.kind === "wheel") return subject.period === "Q2 2017/18" ? solidPng(width, width) : null;
        if (subject.ref === "broken") throw new Error("resvg: out of memory at /srv/kpi/node_modules");
        return subject.ref === AC_S8.ref && subject.organisation === AC_S8.organisation ? solidPng(width, Math.round(width / 2)) : null;
      },
    });
    finishHttpApp(app);
    server = await listen(app, 0, "127.0.0.1");
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  const get = (token: string) => fetch(`${base}/charts/${token}.png`);

  it("answers the picture, drawn at the width the token names", async () => {
    now = NOW;
    const response = await get(chartToken(AC_S8, 640, later(3_600_000), SECRET));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(pngSize(Buffer.from(await response.arrayBuffer()))).toEqual({ width: 640, height: 320 });
  });

  it("answers a wheel's picture, and 404 for a period it has no picture of", async () => {
    now = NOW;
    const response = await get(chartToken(WHEEL, 1024, later(3_600_000), SECRET));
    expect(response.status).toBe(200);
    expect(pngSize(Buffer.from(await response.arrayBuffer()))).toEqual({ width: 1024, height: 1024 });
    expect(drawn.at(-1)).toEqual({ subject: WHEEL, width: 1024 });
    expect((await get(chartToken({ ...WHEEL, period: "Q3 2017/18" }, 1024, later(3_600_000), SECRET))).status).toBe(404);
  });

  it("answers the same bare 404 for a token that expired, was altered, is of another key, or names an indicator gone since", async () => {
    now = NOW;
    const good = chartToken(AC_S8, 640, later(3_600_000), SECRET);
    const drawnBefore = drawn.length;
    const refused = [
      chartToken(AC_S8, 640, later(-1), SECRET),
      alterations(good)[5]!,
      alterations(good).at(-1)!,
      chartToken(AC_S8, 640, later(3_600_000), "another-secret-of-32-characters-long"),
      "not-a-token",
    ];
    const bodies = new Set<string>();
    for (const token of refused) {
      const response = await get(token);
      expect(response.status).toBe(404);
      bodies.add(((await response.json()) as { error: string }).error);
    }
    expect([...bodies]).toEqual(["Not found."]);
    // None of them reached the drawing.
    expect(drawn.length).toBe(drawnBefore);
    expect((await fetch(`${base}/charts/${good}.svg`)).status).toBe(404);
    expect((await get(chartToken({ ...AC_S8, ref: "AC/S99" }, 640, later(3_600_000), SECRET))).status).toBe(404);
    // The good one still works, until its hour is up.
    expect((await get(good)).status).toBe(200);
    now = later(3_600_000);
    expect((await get(good)).status).toBe(404);
  });

  it("says nothing of a drawing that failed beyond the usual apology", async () => {
    now = NOW;
    const response = await get(chartToken({ ...AC_S8, ref: "broken" }, 640, later(3_600_000), SECRET));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toMatch(/resvg|node_modules/);
  });
});
