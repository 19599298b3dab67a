// /kpi whoami: who the bot takes you for, your organisation and roles, and what your workspace sees.
import { rolesOf, rolesText, type Asker, type PersonProfile, type Visibility } from "../access.ts";
import type { Notice } from "../views.ts";
import { linkCommand, NO_WORKSPACE } from "./not-linked.ts";

/** "whoami", "who am I?" */
export const WHOAMI_QUESTION = /^\s*(?:who\s*am\s*i|whoami)\s*\??\s*$/i;

export function whoAmI(person: PersonProfile | null, asker: Asker, visibility: Visibility): Notice {
  const lines: string[] = [];
  if (person) {
    lines.push(`You are ${person.name} (${person.email}), ${rolesText(rolesOf(person))} of ${person.organisation ?? "every organisation"}.`);
    if (person.owns) lines.push(`You own or are a delegate for ${person.owns} indicator${person.owns === 1 ? "" : "s"} and action${person.owns === 1 ? "" : "s"}.`);
  } else {
    const id = asker.identity.slackUserId ?? asker.identity.teamsUserId;
    lines.push(
      id
        ? `The bot does not know who you are: no person has your email, or it could not be read. Ask your performance team to run: kpi people link <your email> ${asker.identity.slackUserId ? `--slack ${id}` : `--teams ${id}`}`
        : "The bot cannot tell who you are from this chat.",
    );
  }
  lines.push(whatWorkspaceSees(asker, visibility));
  return { kind: "notice", heading: person ? `You are ${person.name}` : "The bot does not know you yet", lines };
}

/** Which organisations the asker's workspace sees, or how to link it; `whose` names the workspace in the sentence. */
export function whatWorkspaceSees(asker: Asker, visibility: Visibility, whose = "Your workspace"): string {
  if (visibility.kind === "everything") return "This bot has no workspace linked to an organisation yet, so everyone sees every organisation.";
  if (visibility.kind === "organisations") return `${whose} sees ${visibility.names.join(" and ")}.`;
  const command = linkCommand(asker);
  return command ? `${whose} is linked to no organisation, so it sees no figures. To link it: ${command}` : `You see no figures. ${NO_WORKSPACE}`;
}
