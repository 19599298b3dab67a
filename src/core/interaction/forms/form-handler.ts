// A form as one description for every platform: how it is asked for, what it may be opened for, who may use
// it, what it shows, and what its submission (and its draft button) answers. Each platform has one generic
// opener, one renderer and one reader (slack/forms.ts, teams/dialogs.ts) driven by the handlers listed in
// forms/index.ts: a new form is a new handler here, and no platform code.
import type { z } from "zod";
import type { PersonProfile } from "../../access.ts";
import type { FormSpec } from "../../forms.ts";
import type { ActionUpdates, Assessments, Catalogue, Drafts, Targets, Updates } from "../../ports.ts";
import type { Notice, View } from "../../views.ts";
import type { Problem } from "../outcome.ts";

export type FormName = "update" | "action" | "target" | "assess";
/** The word that asks for a form: `update AC/S8`, `target AC/S8 2017/18`, `assess P3`. */
export type FormCommand = "update" | "target" | "assess";

/** The stores the forms write through; a form whose store is not wired is unavailable. */
export interface FormServices {
  updates?: Updates;
  drafts?: Drafts;
  targets?: Targets;
  assessments?: Assessments;
  actionUpdates?: ActionUpdates;
}

/** Who fills a form in, as the platform worked them out: what their workspace sees and who they are (null: not known). */
export interface FormFiller {
  visible: Catalogue;
  person: PersonProfile | null;
  via: "slack" | "teams";
  today?: Date;
}

/**
 * A turn's answer: the form gives way to a notice (`closed`: the outcome; `refused`: why nothing in it can fix
 * it), or is shown again (`form`). `invalid` marks a form shown again only for problems under its inputs, which
 * a platform may show without drawing the form again (Slack's response_action "errors").
 */
export type FormReply = { kind: "closed"; notice: Notice } | { kind: "refused"; problem: Problem } | { kind: "form"; spec: FormSpec; invalid?: boolean };

/** What a form's button or prompt names: its heading and the subject it carries ("AC/S8", "12 barnet", "P3"). */
export interface FormInvitation {
  heading: string;
  organisation: string;
  lines: string[];
  subject: string;
}

export interface FormHandler<Subject = unknown, State extends object = Record<string, unknown>> {
  name: FormName;
  command: FormCommand;
  /** The form's frame title, also on what replaces it ("Submit update"). */
  title: string;
  /** A subject to give as an example: "AC/S8". */
  example: string;
  /** What the subject must be, in "“X” is not …": "an indicator's reference here". */
  what(services: FormServices): string;
  /** What using it is, in "You cannot set a target for AC/S8". */
  doing: string;
  /** The heading of a notice saying the form was not opened or not recorded. */
  notDone: string;
  /** Whether a reference several organisations use is offered per organisation (indicators are; objectives' codes are not). */
  perOrganisation: boolean;
  /** The inputs a submission is read for, and the state it carries (checked again when it comes back). */
  fields: readonly string[];
  state: z.ZodType<State>;
  /** The input under which a problem of no input of its own is shown. */
  otherwise: string;
  /** Why this service has no such form (its store is not wired); null where it has. */
  unavailable(services: FormServices): string | null;
  /** What the form is for, of what the reference found; null where it is not for that. */
  pick(found: View, services: FormServices): Subject | null;
  /** Why the filler may not use it for the subject; null where they may. */
  refusal(filler: FormFiller, services: FormServices, subject: Subject): Promise<string | null>;
  /** The form as it opens (a draft, the period asked for, what the subject has now). */
  open(filler: FormFiller, services: FormServices, subject: Subject, period: string | null): Promise<FormSpec<State>>;
  /** What a chat that cannot open a form at once (Teams) shows, with the button that opens it. */
  invitation(subject: Subject, period: string | null): FormInvitation;
  submit(filler: FormFiller, services: FormServices, state: State, values: Partial<Record<string, string>>): Promise<FormReply>;
  /** Keeps what is typed without submitting it, where the form has a draft button. */
  draft?(filler: FormFiller, services: FormServices, state: State, values: Partial<Record<string, string>>): Promise<FormReply>;
}

/** A handler of any subject and state, as the registry and the platforms hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFormHandler = FormHandler<any, any>;
