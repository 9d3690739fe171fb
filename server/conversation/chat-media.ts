/**
 * Photos sent in a chat. WeChat keeps a user's media for 3 days only, so an image is fetched as
 * soon as it arrives (in the background, the reply does not wait) and stored like any upload;
 * the report keeps its `mediaRef` until submission, when refs become photo ids. A ref that is
 * already a photo id (the Wechaty process uploads the bytes itself) is used as is.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { Logger } from 'pino';
import { describePhoto, storePhoto } from '../photos/data-access/photo-repository';

/** The one WeChat API call this needs; the full client lives in server/wechat/api. */
export interface MediaSource {
  downloadMedia(mediaId: string): Promise<{ bytes: Buffer; contentType: string }>;
}

interface ChatMediaDocument {
  _id: string;
  photoId?: string;
  failure?: string;
  updatedAt: Date;
}

const chatMediaSchema = new Schema<ChatMediaDocument>(
  {
    _id: { type: String, required: true },
    photoId: String,
    failure: String,
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

const PHOTO_ID = /^[0-9a-f]{64}$/;

export function createChatMedia(deps: {
  db: Connection;
  source: MediaSource | undefined;
  logger: Logger;
  now: () => Date;
}) {
  const ChatMedia =
    (deps.db.models.ChatMedia as Model<ChatMediaDocument>) ??
    deps.db.model<ChatMediaDocument>('ChatMedia', chatMediaSchema, 'chat_media');
  const inFlight = new Map<string, Promise<string | undefined>>();

  async function download(mediaId: string): Promise<string | undefined> {
    if (!deps.source) return undefined;
    try {
      const { bytes } = await deps.source.downloadMedia(mediaId);
      const photo = await storePhoto(deps.db, bytes, { now: deps.now() });
      await ChatMedia.replaceOne(
        { _id: mediaId },
        { photoId: photo.id, updatedAt: deps.now() },
        { upsert: true },
      );
      return photo.id;
    } catch (error) {
      deps.logger.warn({ err: error, mediaId }, 'chat photo could not be fetched');
      await ChatMedia.replaceOne(
        { _id: mediaId },
        { failure: error instanceof Error ? error.message.slice(0, 200) : 'unknown', updatedAt: deps.now() },
        { upsert: true },
      ).catch(() => undefined);
      return undefined;
    }
  }

  /** One fetch per media id in this process, however many times it is asked for. */
  function fetchOnce(mediaId: string): Promise<string | undefined> {
    const running = inFlight.get(mediaId);
    if (running) return running;
    const started = download(mediaId).finally(() => inFlight.delete(mediaId));
    inFlight.set(mediaId, started);
    return started;
  }

  /** Called when an image arrives: starts the download and returns at once. */
  function prefetch(mediaId: string): void {
    void fetchOnce(mediaId);
  }

  async function resolveOne(ref: string): Promise<string | undefined> {
    if (PHOTO_ID.test(ref)) return (await describePhoto(deps.db, ref)) ? ref : undefined;
    const stored = await ChatMedia.findById(ref).lean<ChatMediaDocument>();
    if (stored?.photoId) return stored.photoId;
    // Not fetched yet (or by another instance that died, or it failed once): try now.
    return fetchOnce(ref);
  }

  /** The photo ids of the refs that could be fetched, in order, and how many could not. */
  async function resolvePhotos(refs: readonly string[]): Promise<{ photoIds: string[]; missing: number }> {
    const resolved = await Promise.all(refs.map(resolveOne));
    const photoIds = [...new Set(resolved.filter((id): id is string => !!id))];
    return { photoIds, missing: resolved.filter((id) => !id).length };
  }

  return { prefetch, resolvePhotos };
}

export type ChatMedia = ReturnType<typeof createChatMedia>;
