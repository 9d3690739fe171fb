/**
 * Photo upload and download for staff. An upload is the raw image as the request body (the
 * mini-program's multipart upload comes with its own route); a download is allowed only for a
 * photo on a case the caller may see.
 */
import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Connection } from 'mongoose';
import getRawBody from 'raw-body';
import { AppError } from '../http/app-error';
import { DEFAULT_MAX_PHOTO_BYTES, loadPhoto, storePhoto } from './data-access/photo-repository';

export interface PhotoRouterDeps {
  db: Connection;
  authenticate: Middleware;
  /** True when the photo belongs to a case the caller may see. */
  isPhotoVisibleTo: (state: Record<string, unknown>, photoId: string) => Promise<boolean>;
}

export async function readPhotoBody(req: Parameters<typeof getRawBody>[0]): Promise<Buffer> {
  try {
    return await getRawBody(req, { limit: DEFAULT_MAX_PHOTO_BYTES });
  } catch (error) {
    if ((error as { type?: string }).type === 'entity.too.large') {
      throw new AppError('photo-too-large', 413, '照片太大了，请压缩后再上传（不超过 8 MB）。');
    }
    throw new AppError('bad-body', 400, '照片没有传完整，请重试。');
  }
}

export function createPhotoRouter(deps: PhotoRouterDeps): Router {
  const router = new Router({ prefix: '/api/v1/photos' });
  router.use(deps.authenticate);

  router.post('/', async (ctx) => {
    if (!ctx.is('image/*'))
      throw new AppError('unsupported-photo', 415, '只能上传 JPG、PNG 或 WebP 格式的照片。');
    const stored = await storePhoto(deps.db, await readPhotoBody(ctx.req));
    ctx.status = 201;
    ctx.body = {
      id: stored.id,
      mime: stored.mime,
      size: stored.size,
      width: stored.width,
      height: stored.height,
    };
  });

  router.get('/:id', async (ctx) => {
    const photo = (await deps.isPhotoVisibleTo(ctx.state, ctx.params.id!))
      ? await loadPhoto(deps.db, ctx.params.id!)
      : null;
    if (!photo) throw new AppError('photo-not-found', 404, '没有找到这张照片。');
    ctx.type = photo.mime;
    ctx.set('Cache-Control', 'private, max-age=3600');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = photo.data;
  });

  return router;
}
