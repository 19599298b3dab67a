// `npm run kpi`: the command line (commands.ts), its modules read through Node's compile cache, turned on
// before they are imported.
import { useCompileCache } from "../compile-cache.ts";

useCompileCache();
const { runCli } = await import("./commands.ts");
const { loadDotEnv } = await import("../config/dotenv.ts");
loadDotEnv();
runCli(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch(async (error: unknown) => {
    const { describeFailure } = await import("../failure.ts");
    console.error(describeFailure(error));
    process.exit(1);
  });
