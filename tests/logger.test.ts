// The one logger: brief errors, no secrets, whatever is logged.
import { describe, expect, it } from "vitest";
import { memoryLog } from "./helpers/log.ts";

describe("the service's logger", () => {
  it("keeps an error to its kind, code and cause: Prisma's cause rather than its invocation line, no stack", () => {
    const log = memoryLog("info");
    const prismaLike = Object.assign(new Error("\nInvalid `db.conversation.upsert()` invocation in\n/srv/kpi/src/store/conversations.ts:9:29\n\n  6 |\n→ 9 await db.conversation.upsert(\nThe table `main.Conversation` does not exist in the current database."), { code: "P2021" });
    log.logger.error({ err: prismaLike }, "keeping a conversation reference failed");
    const [entry] = log.entries();
    expect(entry).toMatchObject({ msg: "keeping a conversation reference failed", err: { type: "Error", code: "P2021", message: "The table `main.Conversation` does not exist in the current database." } });
    expect(log.text()).not.toContain("conversations.ts");
    expect(log.text()).not.toMatch(/\n\s+at /);
  });

  it("adds the stack only at debug", () => {
    const debug = memoryLog("debug");
    debug.logger.error({ err: new Error("boom") }, "failed");
    expect(debug.entries()[0]).toHaveProperty("err.stack");
    const info = memoryLog("info");
    info.logger.error({ err: new Error("boom") }, "failed");
    expect(info.entries()[0]).not.toHaveProperty("err.stack");
  });

  it("never writes a token, secret or URL password, in fields or inside messages", () => {
    const log = memoryLog("debug");
    log.logger.info({ token: "xoxb-1-secret-token", settings: { signingSecret: "s3cr3t-signing", password: "hunter2" }, authorization: "Bearer abc.def.ghi" }, "settings");
    log.logger.error({ err: new Error("connect to postgresql://kpi:hunter2@db:5432/kpi failed with xapp-1-A1-secret, Bearer abc.def.ghi") }, "failed");
    const text = log.text();
    for (const secret of ["xoxb-1-secret-token", "s3cr3t-signing", "hunter2", "abc.def.ghi", "xapp-1-A1-secret"]) expect(text).not.toContain(secret);
    expect(text).toContain("postgresql://kpi:****@db:5432/kpi");
  });
});
