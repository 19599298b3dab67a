// npm run package:teams builds an uploadable zip: the manifest with the ids filled in, and both icons.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, expect, it } from "vitest";
import { packageTeamsApp } from "../../manifests/teams/package.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "kpi-teams-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const APP_ID = "11111111-2222-3333-4444-555555555555";

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Buffer) => (png.subarray(1, 4).toString() === "PNG" ? [png.readUInt32BE(16), png.readUInt32BE(20)] : null);

it("zips a manifest of a current schema with the bot's id, and icons of 192 and 32 pixels", async () => {
  const zip = await JSZip.loadAsync(readFileSync(await packageTeamsApp(APP_ID, path.join(dir, "kpi.zip"))));
  expect(Object.keys(zip.files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
  const manifest = JSON.parse(await zip.file("manifest.json")!.async("string"));
  expect(manifest.manifestVersion).toBe("1.22");
  expect(manifest.$schema).toContain("/v1.22/");
  expect(manifest.id).toBe(APP_ID);
  // supportsFiles: people can attach a table to import in their personal chat with the bot.
  expect(manifest.bots[0]).toMatchObject({ botId: APP_ID, scopes: ["personal", "team", "groupChat"], supportsFiles: true });
  expect(manifest.composeExtensions[0].botId).toBe(APP_ID);
  expect(manifest.composeExtensions[0].commands[0]).toMatchObject({ id: "findIndicator", type: "query", parameters: [{ name: "query" }] });
  expect(JSON.stringify(manifest)).not.toContain("${");
  expect(manifest.name.short.length).toBeLessThanOrEqual(30);
  expect(manifest.description.short.length).toBeLessThanOrEqual(80);
  expect(pngSize(await zip.file("color.png")!.async("nodebuffer"))).toEqual([192, 192]);
  expect(pngSize(await zip.file("outline.png")!.async("nodebuffer"))).toEqual([32, 32]);
});

it("refuses to build without a GUID app id", async () => {
  await expect(packageTeamsApp(undefined, path.join(dir, "none.zip"))).rejects.toThrow(/MICROSOFT_APP_ID must be/);
  await expect(packageTeamsApp("not-a-guid", path.join(dir, "bad.zip"))).rejects.toThrow(/GUID/);
});
