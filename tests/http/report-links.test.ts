// The signed report links (/reports/<token>.docx|html) and chart addresses of a running service, fetched as a
// browser or Slack's image proxy would: a report is built once per data version and served to every opening
// after, openings at once wait for the one build, too many different reports at once get 429 with Retry-After;
// a token of one kind never opens the other route; and no token reaches the log, whatever extension it came with.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHART_TOKEN_KIND, chartUrls } from "../../src/http/chart-urls.ts";
import { REPORT_TOKEN_KIND, reportUrls } from "../../src/http/report-urls.ts";
import { signToken } from "../../src/http/signed-tokens.ts";
import type { ReportAsked } from "../../src/reports/report-file.ts";
import { memoryLog } from "../helpers/log.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";

const PUBLIC_URL = "https://kpi.council.example.org";
const SECRET = "report-url-secret-for-tests-0123456789";
const BARNET = "London Borough of Barnet";
const ADULTS_Q2: ReportAsked = { organisation: BARNET, service: "Adults & Communities", period: "Q2 2016/17", format: "html" };
const DAY = 24 * 3_600_000;

describe("report links and chart addresses of a running service", () => {
  let fixture: PlatformFixture;
  const log = memoryLog("info");
  beforeAll(async () => {
    // At most two different reports building or waiting, so that a third is refused without building ten.
    fixture = await startPlatform({ provider: "sqlite", platform: "teams", env: { PUBLIC_URL, CHART_URL_SECRET: SECRET }, service: { jobs: false, logger: log.logger, reportQueue: 2 } });
  }, 240_000);
  afterAll(() => fixture?.stop());

  const local = (url: string) => `http://127.0.0.1:${fixture.service.port}${new URL(url).pathname}`;
  const linkTo = (asked: ReportAsked) => local(reportUrls(PUBLIC_URL, SECRET).urlFor(asked));
  /** The builds logged so far of the report whose file is called `filename`. */
  const builds = (filename: string) => log.entries().filter((e) => e.msg === "committee report built" && e.report === filename).length;

  it("builds a report once for ten openings at once, serves it again until the data changes, then builds it anew", async () => {
    const url = linkTo(ADULTS_Q2);
    const opened = await Promise.all(Array.from({ length: 10 }, () => fetch(url)));
    const bodies = await Promise.all(opened.map((res) => res.text()));
    expect(opened.map((res) => res.status)).toEqual(Array(10).fill(200));
    for (const body of bodies) expect(body).toBe(bodies[0]);
    expect((bodies[0]!.match(/<img class="chart" /g) ?? []).length).toBeGreaterThan(10);
    const filename = "barnet-adults-communities-q2-2016-17.html";
    expect(opened[0]!.headers.get("content-disposition")).toBe(`inline; filename="${filename}"`);
    expect(builds(filename)).toBe(1);

    // Later, from another link to the same report: the same file, not built again.
    const later = await fetch(linkTo(ADULTS_Q2));
    expect(later.status).toBe(200);
    expect(await later.text()).toBe(bodies[0]);
    expect(builds(filename)).toBe(1);

    // The data changes (any write bumps the data version): the next opening builds from the new data.
    await fixture.service.database.db.$executeRawUnsafe('UPDATE "DataVersion" SET "version" = "version" + 1');
    await fixture.service.catalogue.reload();
    expect((await fetch(url)).status).toBe(200);
    expect(builds(filename)).toBe(2);
  }, 240_000);

  it("answers 429 with Retry-After to a report beyond the queue of builds, and builds the others", async () => {
    const asked: ReportAsked[] = [
      { organisation: BARNET, service: "Adults & Communities", period: "Q2 2016/17", format: "docx" },
      { organisation: BARNET, service: "Commissioning Group", period: "Q2 2016/17", format: "html" },
      { organisation: BARNET, service: "Commissioning Group", period: "Q1 2016/17", format: "html" },
    ];
    const [first, second, third] = await Promise.all(asked.map((a) => fetch(linkTo(a))));
    expect([first!.status, second!.status]).toEqual([200, 200]);
    expect(third!.status).toBe(429);
    expect(Number(third!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number.isInteger(Number(third!.headers.get("retry-after")))).toBe(true);
    expect(await third!.json()).toEqual({ error: "Too many requests; try again shortly.", requestId: third!.headers.get("x-request-id") });
    expect(builds("barnet-commissioning-group-q1-2016-17.html")).toBe(0);
    // Once the queue has room, the same link is answered.
    expect((await fetch(linkTo(asked[2]!))).status).toBe(200);
  }, 240_000);

  // The HMAC covers the token's kind: the same fields signed as the other kind open nothing.
  it("refuses a chart token at the report route and a report token at the chart route, fields however shaped", async () => {
    const expires = new Date(Date.now() + DAY);
    const reportFields = [ADULTS_Q2.organisation, ADULTS_Q2.service, ADULTS_Q2.period, ADULTS_Q2.format];
    const chartFields = [BARNET, "AC/S8", 400];
    const at = (path: string) => fetch(`http://127.0.0.1:${fixture.service.port}${path}`);
    // The same fields under their own kind open (so the refusals below are the kind's doing).
    expect((await at(`/reports/${signToken(REPORT_TOKEN_KIND, reportFields, expires, SECRET)}.html`)).status).toBe(200);
    expect((await at(`/charts/${signToken(CHART_TOKEN_KIND, chartFields, expires, SECRET)}.png`)).status).toBe(200);
    expect((await at(`/reports/${signToken(CHART_TOKEN_KIND, reportFields, expires, SECRET)}.html`)).status).toBe(404);
    expect((await at(`/charts/${signToken(REPORT_TOKEN_KIND, chartFields, expires, SECRET)}.png`)).status).toBe(404);
  }, 240_000);

  it("logs the route of a link fetched with a wrong extension, never its token", async () => {
    const chart = new URL(chartUrls(PUBLIC_URL, SECRET).urlFor({ organisation: BARNET, ref: "AC/S8" }, 400)).pathname.slice("/charts/".length, -".png".length);
    const report = new URL(reportUrls(PUBLIC_URL, SECRET).urlFor(ADULTS_Q2)).pathname.slice("/reports/".length, -".html".length);
    const wrong = [
      ...["PNG", "png.", "html", "docx"].map((ext) => `/charts/${chart}.${ext}`),
      `/charts/${chart}`,
      `/CHARTS/${chart}.Png`,
      `/charts/${chart}/x.png`,
      ...["HTML", "docx", "png", "pdf"].map((ext) => `/reports/${report}.${ext}`),
      `/reports/${report}`,
      `/reports/${report}.html?x=1`.replace(".html", ".htm"),
    ];
    const before = log.entries().length;
    for (const path of wrong) expect((await fetch(`http://127.0.0.1:${fixture.service.port}${path}`)).status, path).toBe(404);
    const written = log.text();
    for (const part of [...chart.split("."), ...report.split(".")]) expect(written).not.toContain(part);
    // Each 404 is logged, with its route.
    expect(log.entries().slice(before).filter((e) => typeof e.msg === "string" && /^GET \/(charts|reports)\/<token> answered 404$/i.test(e.msg)).length).toBe(wrong.length);
  }, 240_000);
});
