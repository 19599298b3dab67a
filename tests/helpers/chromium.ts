// Whether the playground tests can run here: they drive Debian's chromium (CI installs it where it is missing).
// Apart from playground.ts so that the run's global set-up can say it without loading playwright-core.
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const chromiumMissing = !existsSync(CHROMIUM);
/** The one line a run without Chromium shows, instead of passing silently. */
export const SKIPPED = `Agents Playground tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
