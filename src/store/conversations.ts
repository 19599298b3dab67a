// Conversation references, kept when the bot is installed in or spoken to in a
// chat or channel, for later proactive messages (digests, reminders).
import type { Conversations } from "../core/ports.ts";
import type { Db } from "./database.ts";

export function conversationStore(db: Db, platform: string): Conversations {
  return {
    async remember(conversationId, reference) {
      const json = JSON.stringify(reference);
      await db.conversation.upsert({
        where: { platform_conversationId: { platform, conversationId } },
        create: { platform, conversationId, reference: json },
        update: { reference: json },
      });
    },
    async reference(conversationId) {
      const row = await db.conversation.findUnique({ where: { platform_conversationId: { platform, conversationId } } });
      return row ? (JSON.parse(row.reference) as object) : null;
    },
  };
}
