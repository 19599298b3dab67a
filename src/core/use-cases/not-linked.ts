// What a workspace or tenant linked to no organisation is told instead of figures.
import type { Asker } from "../access.ts";
import type { Notice } from "../views.ts";

/** The command that links the asker's workspace, with its id filled in for the performance team. */
export function linkCommand(asker: Asker): string {
  const w = asker.workspace.find((x) => x.kind !== "slack-enterprise") ?? asker.workspace[0];
  return `kpi org link <organisation> --${w?.kind ?? "slack-team"} ${w?.id ?? "<id>"}`;
}

export function notLinked(asker: Asker): Notice {
  return {
    kind: "notice",
    heading: "This workspace is not linked to an organisation",
    lines: [
      "The bot shows each council's figures only to the workspaces and tenants linked to it, and this one is linked to none yet.",
      `Ask your performance team to link it: ${linkCommand(asker)}`,
    ],
  };
}
