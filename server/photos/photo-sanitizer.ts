/**
 * Photos from reporters, made safe to keep: the type is read from the bytes (never the file name
 * or the Content-Type), the size is capped, and metadata that could identify the reporter (GPS,
 * device, owner, time, thumbnails) is removed before anything is hashed or stored (rules art. 15).
 * Pure: Buffer in, Buffer out; no image library, no decoding of pixels.
 */
import { createHash } from 'node:crypto';
import { stripJpegMetadata } from './jpeg-metadata';
import { emptyPhoto, photoTooLarge, unsupportedPhoto, type StrippedImage } from './photo-errors';
import { PNG_SIGNATURE, stripPngMetadata } from './png-metadata';
import { stripWebpMetadata } from './webp-metadata';

export type PhotoType = 'jpeg' | 'png' | 'webp';

export const PHOTO_MIME_TYPES = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
} as const satisfies Record<PhotoType, string>;

export type PhotoMime = (typeof PHOTO_MIME_TYPES)[PhotoType];

export interface SanitizedPhoto {
  data: Buffer;
  type: PhotoType;
  mime: PhotoMime;
  /** hex SHA-256 of `data`, the sanitized bytes */
  sha256: string;
  size: number;
  width?: number;
  height?: number;
}

/** Reads the format from its magic bytes; HEIC, GIF, SVG, PDF, HTML and the rest are refused. */
export function detectImageType(buffer: Buffer): PhotoType {
  if (buffer.length >= 3 && buffer[0] === 0xff && buffer[1] === 0xd8 && buffer[2] === 0xff) return 'jpeg';
  if (buffer.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return 'png';
  if (
    buffer.length >= 12 &&
    buffer.toString('latin1', 0, 4) === 'RIFF' &&
    buffer.toString('latin1', 8, 12) === 'WEBP'
  ) {
    return 'webp';
  }
  throw unsupportedPhoto();
}

export function stripImageMetadata(buffer: Buffer, type: PhotoType): Buffer {
  return stripByType(buffer, type).data;
}

export function sanitizePhoto(buffer: Buffer, options: { maxBytes: number }): SanitizedPhoto {
  if (buffer.length === 0) throw emptyPhoto();
  if (buffer.length > options.maxBytes) throw photoTooLarge(options.maxBytes);
  const type = detectImageType(buffer);
  const { data, width, height } = stripByType(buffer, type);
  return {
    data,
    type,
    mime: PHOTO_MIME_TYPES[type],
    sha256: createHash('sha256').update(data).digest('hex'),
    size: data.length,
    ...(width === undefined || height === undefined ? {} : { width, height }),
  };
}

function stripByType(buffer: Buffer, type: PhotoType): StrippedImage {
  switch (type) {
    case 'jpeg':
      return stripJpegMetadata(buffer);
    case 'png':
      return stripPngMetadata(buffer);
    case 'webp':
      return stripWebpMetadata(buffer);
  }
}
