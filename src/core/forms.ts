// A form as data: what it is for, what it says above its inputs, each input with what was typed and its
// error, and the state it carries between turns (Slack's private_metadata, Teams' submit data). Each platform
// draws every form with one renderer (slack/form.ts: a modal; teams/form.ts: a dialog) and reads it back with
// one reader; a form's own use case says only what goes in it.

export interface FormInput {
  /** The field's name in the use case: what the value is read back as. */
  id: string;
  label: string;
  /** How to fill it in, where the platform shows it (under the input in Slack). */
  hint?: string;
  /** An example in the empty input. */
  placeholder?: string;
  /** For text: how long it may be. */
  maxLength?: number;
  multiline?: boolean;
  optional?: boolean;
  /** A choice of these instead of text, with what the empty choice says ("Choose a status"). */
  choices?: { options: { value: string; label: string }[]; placeholder: string };
  /** A number instead of text, with what to say of one that is not (where the client checks it). */
  number?: { error: string };
}

export interface FormSpec<State extends object = Record<string, unknown>> {
  /** The form's own words on the platform's frame: Slack's modal title holds 24 characters. */
  title: string;
  /** Its submit button. */
  submit: string;
  /** What it is for: "AC/S8 Percentage of new clients…". */
  heading: string;
  /** Said above the inputs, quietly: whose, and what it has now. */
  lines: string[];
  /** Said above the inputs and noticed: "From your draft of 1 Dec 10:14", "Draft saved 10:14". */
  saying?: string | null;
  /** Said below the inputs. */
  footnote?: string;
  /** A second button that keeps what is typed without submitting it ("Save draft"). */
  draft?: string;
  inputs: FormInput[];
  /** What each input holds: what the use case starts it with, or what was typed. */
  values: Partial<Record<string, string>>;
  /** A problem beside the input that can fix it. */
  errors: Partial<Record<string, string>>;
  /** Carried by the form and checked again when it comes back. */
  state: State;
}
