// Conversation references, kept when the bot is installed in or spoken to in a
// chat or channel, for later proactive messages (digests, reminders).
import type { Db } from "./database.ts";

export function conversationStore(db: Db, platform: string) {
  return {
    async remember(conversationId: string, reference: object): Promise<void> {
      const json = JSON.stringify(reference);
      await db.conversation.upsert({
        where: { platform_conversationId: { platform, conversationId } },
        create: { platform, conversationId, reference: json },
        update: { reference: json },
      });
    },
  };
}
