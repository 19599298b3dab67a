// Text about a failure, fit to show or log: credentials masked, Prisma's long messages cut to their cause.
// Apart from the logger, so that the kpi command can use it without loading pino.

/** Masks what looks like a credential inside free text: URL passwords, bearer tokens, Slack tokens. */
export function maskSecrets(text: string): string {
  return text
    .replace(/\/\/([^:/@\s]+):[^@\s]*@/g, "//$1:****@")
    .replace(/\b(Bearer\s+)[\w.~+/=-]+/gi, "$1****")
    .replace(/\bx(?:ox[abprs]|app)-[\w-]+/g, "x…-****");
}

/**
 * An error's message in one line. Prisma's begin "Invalid `db.x.y()` invocation in <file>" and
 * give the cause last ("The table `main.Conversation` does not exist ..."): keep the cause.
 */
export function briefMessage(message: string): string {
  const lines = message.split("\n").map((l) => l.trim()).filter(Boolean);
  const text = lines.length > 1 && /^Invalid `/.test(lines[0]!) ? lines.at(-1)! : lines.slice(0, 3).join(" ");
  return maskSecrets(text.slice(0, 500));
}

