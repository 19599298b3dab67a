// npm run package:teams: the Teams app package (manifest.json with the ids filled
// in from the environment, color.png, outline.png) as dist/kpi-teams.zip, ready to upload.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import JSZip from "jszip";
import { loadDotEnv } from "../../src/config/dotenv.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function packageTeamsApp(appId: string | undefined, out = path.resolve(here, "../../dist/kpi-teams.zip")): Promise<string> {
  if (!appId || !GUID.test(appId)) throw new Error("MICROSOFT_APP_ID must be the bot's Microsoft App ID (a GUID) to build the Teams package.");
  const manifest = readFileSync(path.join(here, "manifest.json"), "utf8").replaceAll("${MICROSOFT_APP_ID}", appId);
  JSON.parse(manifest); // fail here rather than in Teams
  const zip = new JSZip();
  zip.file("manifest.json", manifest);
  for (const icon of ["color.png", "outline.png"]) zip.file(icon, readFileSync(path.join(here, icon)));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  loadDotEnv();
  packageTeamsApp(process.env.MICROSOFT_APP_ID)
    .then((out) => console.log(`Wrote ${path.relative(process.cwd(), out)}: upload it in Teams (Apps → Manage your apps → Upload an app).`))
    .catch((error: Error) => {
      console.error(error.message);
      process.exit(1);
    });
}
