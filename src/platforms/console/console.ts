// A local console for trying the bot without Slack or Teams: type /kpi AC/S8.
import readline from "node:readline";
import type { Catalogue } from "../../core/ports.ts";
import { askAsOperator } from "../../core/use-cases/ask-as-operator.ts";
import type { Comparing } from "../../core/use-cases/compare.ts";
import type { Logger } from "../../logger.ts";
import { renderText } from "./render-text.ts";

export function startConsole(catalogue: Catalogue, comparing: Comparing, input: NodeJS.ReadableStream, output: NodeJS.WritableStream, logger: Logger, onClose: () => void): readline.Interface {
  const rl = readline.createInterface({ input, output, prompt: "kpi> " });
  output.write("Local console: type /kpi AC/S8, /kpi help, or Ctrl-C to stop.\n");
  rl.prompt();
  rl.on("line", async (line) => {
    if (line.trim()) {
      try {
        output.write(`${renderText(await askAsOperator(catalogue, line, null, comparing))}\n`);
      } catch (error) {
        logger.error({ err: error, question: line.slice(0, 200) }, "the console could not answer a question");
        output.write("Sorry, that question could not be answered just now: is the database reachable?\n");
      }
    }
    rl.prompt();
  });
  rl.on("close", onClose);
  return rl;
}
