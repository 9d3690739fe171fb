/**
 * Stores and reads case photos. Everything goes through sanitizePhoto first, so no byte a
 * reporter's phone wrote outside the picture itself (GPS, device, owner) ever reaches the database.
 */
import type { Connection } from 'mongoose';
import { sanitizePhoto, type PhotoMime } from '../photo-sanitizer';
import { photoModel } from './photo-model';

/** Well under the 16 MB BSON document limit, with room for the other fields. */
export const DEFAULT_MAX_PHOTO_BYTES = 8 * 1024 * 1024;
const DUPLICATE_KEY = 11000;
const PHOTO_ID = /^[0-9a-f]{64}$/;

export interface StoredPhoto {
  /** the SHA-256 of the stored bytes, in hex; also the document `_id` */
  id: string;
  sha256: string;
  mime: PhotoMime;
  size: number;
  width?: number;
  height?: number;
}

export interface PhotoContent {
  mime: string;
  data: Buffer;
}

export async function storePhoto(
  db: Connection,
  buffer: Buffer,
  options: { maxBytes?: number; now?: Date } = {},
): Promise<StoredPhoto> {
  const photo = sanitizePhoto(buffer, { maxBytes: options.maxBytes ?? DEFAULT_MAX_PHOTO_BYTES });
  const dimensions = photo.width === undefined ? {} : { width: photo.width, height: photo.height };
  try {
    await photoModel(db).create({
      _id: photo.sha256,
      mime: photo.mime,
      size: photo.size,
      ...dimensions,
      data: photo.data,
      createdAt: options.now ?? new Date(),
    });
  } catch (error) {
    // Same hash, same bytes: a photo already stored (by this or a concurrent request) is fine.
    if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
  }
  return { id: photo.sha256, sha256: photo.sha256, mime: photo.mime, size: photo.size, ...dimensions };
}

export async function loadPhoto(db: Connection, id: string): Promise<PhotoContent | null> {
  if (!PHOTO_ID.test(id)) return null;
  const found = await photoModel(db).findById(id, { mime: 1, data: 1 }).lean();
  if (!found) return null;
  return { mime: found.mime, data: toBuffer(found.data) };
}

/** Lean reads hand back BSON Binary rather than Buffer. */
function toBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  const bytes = (data as { buffer: Uint8Array }).buffer;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** What a case keeps about a stored photo (no bytes), or null when no such photo was uploaded. */
export async function describePhoto(db: Connection, id: string): Promise<Omit<StoredPhoto, 'sha256'> | null> {
  if (!PHOTO_ID.test(id)) return null;
  const found = await photoModel(db).findById(id, { mime: 1, size: 1, width: 1, height: 1 }).lean();
  if (!found) return null;
  const dimensions = found.width === undefined ? {} : { width: found.width, height: found.height };
  return { id, mime: found.mime as PhotoMime, size: found.size, ...dimensions };
}
