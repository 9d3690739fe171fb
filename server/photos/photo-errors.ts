/**
 * The rejections a photo upload can meet. Messages are for the reporter on a phone; `cause` keeps
 * the technical reason for the log and for tests, and is never sent.
 */
import { AppError } from '../http/app-error';

const BYTES_PER_MEGABYTE = 1024 * 1024;

export function unsupportedPhoto(): AppError {
  return new AppError('unsupported-photo', 415, '只能上传 JPG、PNG 或 WebP 格式的照片。');
}

export function emptyPhoto(): AppError {
  return new AppError('empty-photo', 400, '照片是空的，请重新选择照片。');
}

export function photoTooLarge(maxBytes: number): AppError {
  const megabytes = Number((maxBytes / BYTES_PER_MEGABYTE).toFixed(1));
  return new AppError('photo-too-large', 413, `照片太大了，请压缩后再上传（不超过 ${megabytes} MB）。`);
}

export function malformedPhoto(reason: string): AppError {
  const error = new AppError('malformed-photo', 400, '照片文件不完整或已损坏，请重新拍摄或选择照片。');
  error.cause = reason;
  return error;
}

/** What each format stripper hands back: the clean bytes and the pixel size when the header has it. */
export interface StrippedImage {
  data: Buffer;
  width?: number;
  height?: number;
}
