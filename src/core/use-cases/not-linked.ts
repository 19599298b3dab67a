// What a workspace or tenant linked to no organisation is told instead of figures.
import type { Asker } from "../access.ts";
import type { Notice } from "../views.ts";

/** The command that links the asker's workspace, with its id filled in for the performance team; null where the message named none. */
export function linkCommand(asker: Asker): string | null {
  const w = asker.workspace.find((x) => x.kind !== "slack-enterprise") ?? asker.workspace[0];
  return w ? `kpi org link <organisation> --${w.kind} ${w.id}` : null;
}

/** Why a message that names no workspace or tenant (a Teams activity without its tenant id) sees nothing, and that nothing can be linked. */
export const NO_WORKSPACE =
  "This message came without the workspace or tenant it was sent from (a Teams message names its Microsoft 365 tenant; this one names none), so there is nothing to link to an organisation.";

export function notLinked(asker: Asker): Notice {
  const command = linkCommand(asker);
  if (!command) {
    return {
      kind: "notice",
      heading: "No tenant or workspace on this message",
      lines: [NO_WORKSPACE, "The bot shows each council's figures only to the workspaces and tenants linked to it. Send the message from Teams or Slack itself; a test tool must give the activity its tenant (conversation.tenantId)."],
    };
  }
  return {
    kind: "notice",
    heading: "This workspace is not linked to an organisation",
    lines: [
      "The bot shows each council's figures only to the workspaces and tenants linked to it, and this one is linked to none yet.",
      `Ask your performance team to link it: ${command}`,
    ],
  };
}
