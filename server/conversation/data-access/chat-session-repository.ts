/**
 * Where a chat user's dialog state lives between messages: one document per channel user, read
 * and written by `_id` only (the one query FerretDB serves without scanning). Idle sessions
 * expire in the dialog engine; the documents themselves are swept by `deleteExpired`, because
 * FerretDB has no TTL indexes.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { DialogSession, KnownLocation } from '../../../bot/dialog/dialog-types';

export interface RememberedLocation extends KnownLocation {
  at: Date;
}

export interface ChatState {
  session?: DialogSession;
  lastLocation?: RememberedLocation;
}

interface ChatSessionDocument extends ChatState {
  _id: string;
  expiresAt: Date;
  updatedAt: Date;
}

const chatSessionSchema = new Schema<ChatSessionDocument>(
  {
    _id: { type: String, required: true },
    session: { type: Schema.Types.Mixed },
    lastLocation: { type: Schema.Types.Mixed },
    expiresAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: true },
);
chatSessionSchema.index({ expiresAt: 1 });

function chatSessionModel(db: Connection): Model<ChatSessionDocument> {
  return (
    (db.models.ChatSession as Model<ChatSessionDocument>) ??
    db.model<ChatSessionDocument>('ChatSession', chatSessionSchema, 'chat_sessions')
  );
}

export function createChatSessionRepository(db: Connection, keepMinutes: number) {
  const ChatSession = chatSessionModel(db);

  async function load(key: string): Promise<ChatState> {
    const found = await ChatSession.findById(key).lean<ChatSessionDocument>();
    if (!found) return {};
    return {
      ...(found.session ? { session: found.session } : {}),
      ...(found.lastLocation ? { lastLocation: found.lastLocation } : {}),
    };
  }

  /** Replaces the whole state: the caller holds the user's lease, so nothing is lost. */
  async function save(key: string, state: ChatState, now: Date): Promise<void> {
    await ChatSession.collection.replaceOne(
      { _id: key as never },
      {
        ...(state.session ? { session: state.session } : {}),
        ...(state.lastLocation ? { lastLocation: state.lastLocation } : {}),
        expiresAt: new Date(now.getTime() + keepMinutes * 60_000),
        updatedAt: now,
      },
      { upsert: true },
    );
  }

  /** When this chat user last sent something (every turn saves the state). */
  async function lastActivityAt(key: string): Promise<Date | undefined> {
    const found = await ChatSession.findById(key).select({ updatedAt: 1 }).lean<{ updatedAt: Date }>();
    return found?.updatedAt;
  }

  async function deleteExpired(now: Date): Promise<number> {
    const result = await ChatSession.deleteMany({ expiresAt: { $lt: now } });
    return result.deletedCount;
  }

  return { load, save, lastActivityAt, deleteExpired };
}

export type ChatSessionRepository = ReturnType<typeof createChatSessionRepository>;
