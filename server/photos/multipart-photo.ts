/**
 * Reads one photo from a multipart/form-data upload, as wx.uploadFile and Taro.uploadFile send it
 * (wechat-protocol.md §6.5: one file per request, in the form field `photo`). The bytes are only
 * collected here; storePhoto still reads the type from them and strips the metadata.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import busboy from 'busboy';
import type { Context } from 'koa';
import { AppError } from '../http/app-error';
import { DEFAULT_MAX_PHOTO_BYTES } from './data-access/photo-repository';
import { photoTooLarge, unsupportedPhoto } from './photo-errors';
import { readPhotoBody } from './photo-router';

export const PHOTO_FIELD = 'photo';
/** Room for the multipart boundaries and part headers around the largest allowed photo. */
const ENVELOPE_BYTES = 64 * 1024;

const noPhoto = () => new AppError('no-photo', 400, '没有收到照片，请重新选择照片后再上传。');
const brokenUpload = () => new AppError('bad-body', 400, '照片没有传完整，请重试。');

export async function readMultipartPhoto(
  req: IncomingMessage,
  maxBytes = DEFAULT_MAX_PHOTO_BYTES,
): Promise<Buffer> {
  // A declared length that cannot fit is refused before a byte is read.
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + ENVELOPE_BYTES) throw photoTooLarge(maxBytes);
  return new Promise<Buffer>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers as IncomingHttpHeaders,
        limits: { files: 1, fileSize: maxBytes, fields: 20, fieldSize: 1024, parts: 30 },
      });
    } catch {
      // No boundary, or not multipart at all despite the Content-Type.
      reject(brokenUpload());
      return;
    }
    const chunks: Buffer[] = [];
    let received = false;
    let settled = false;
    const fail = (error: AppError) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      // Read the rest and throw it away, so the error answer reaches the client.
      req.resume();
      reject(error);
    };

    parser.on('file', (field, stream) => {
      // A form cut off mid-file errors the file stream as well as the parser.
      stream.on('error', () => fail(brokenUpload()));
      if (field !== PHOTO_FIELD) {
        stream.resume();
        return;
      }
      received = true;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(photoTooLarge(maxBytes)));
    });
    parser.on('error', () => fail(brokenUpload()));
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      if (!received) reject(noPhoto());
      else resolve(Buffer.concat(chunks));
    });
    req.on('aborted', () => fail(brokenUpload()));
    req.pipe(parser);
  });
}

/** The photo of an upload sent either way: multipart (the mini program) or the raw image as the body. */
export async function readPhotoUpload(ctx: Context): Promise<Buffer> {
  if (ctx.is('multipart/form-data')) return readMultipartPhoto(ctx.req);
  if (ctx.is('image/*')) return readPhotoBody(ctx.req);
  throw unsupportedPhoto();
}
