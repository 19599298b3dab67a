// ESLint: the recommended JavaScript and TypeScript rules, and the boundaries
// between the layers (DESIGN.md): the core imports no framework, no database and
// no adapter; Slack and Teams code stay apart.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

const BOLT = { group: ["@slack/*"], message: "Bolt and the Slack SDK belong in src/platforms/slack/." };
const TEAMS = { group: ["botbuilder*", "@microsoft/*"], message: "botbuilder and teams-ai belong in src/platforms/teams/." };
/** A platform opens, draws and reads forms only through the core's form handlers: no form's own use case. */
const FORMS = {
  group: ["**/use-cases/*-form.ts", "**/use-cases/submit-update.ts", "**/use-cases/set-target.ts", "**/use-cases/update-action.ts", "**/use-cases/assess-objective.ts", "**/use-cases/may-update.ts"],
  message: "Forms go through src/core/interaction/forms (one opener, renderer and reader per platform), not a form's own use case.",
};

/** One no-restricted-imports setting per folder: a later setting replaces an earlier one, it does not add to it. */
const restrict = (...patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

export default defineConfig(
  globalIgnores(["src/generated/", "node_modules/", "data/", "dist/", "coverage/"]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // A parameter named _x is kept for its position: express knows error handlers by their four parameters.
    rules: { "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }] },
  },
  {
    files: ["src/**/*.ts"],
    rules: restrict(BOLT, TEAMS),
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      ...restrict(BOLT, TEAMS, {
        group: [
          "@prisma/*", "**/generated/**", "express", "node-cron", "pino", "pino-*",
          "**/store", "**/store/**", "**/platforms", "**/platforms/**", "**/http/**", "**/logger.ts", "**/service.ts",
        ],
        message: "src/core/ is the pure domain: storage, frameworks and adapters come in through ports.ts.",
      }, {
        group: ["docx", "docx/*", "vega", "vega-*", "@resvg/*", "../charts/*", "../../charts/*", "../reports/*", "../../reports/*"],
        message: "src/core/ builds view models: drawing (src/charts/) and documents (src/reports/) render them outside it.",
      }),
      // no-restricted-imports does not see import(): the core needs none.
      "no-restricted-syntax": ["error", { selector: "ImportExpression", message: "src/core/ imports statically, so the rule above can check it." }],
    },
  },
  {
    files: ["src/platforms/slack/**/*.ts"],
    rules: restrict(TEAMS, FORMS, { group: ["**/teams", "**/teams/**"], message: "Slack code does not import Teams code: share it through src/core/." }),
  },
  {
    files: ["src/platforms/teams/**/*.ts"],
    rules: restrict(BOLT, FORMS, { group: ["**/slack", "**/slack/**"], message: "Teams code does not import Slack code: share it through src/core/." }),
  },
);
