/**
 * The API of the Wechaty process (`npm run bot`), which runs apart from this server: one call per
 * chat message, answered with the replies to send; photos are uploaded first and then referred
 * to by their id. A Bearer token shared with that process guards it; without one it is off.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import type { Middleware } from 'koa';
import { z } from 'zod';
import type { ConversationComponent } from '../conversation/conversation-component';
import { AppError } from '../http/app-error';
import type { Connection } from 'mongoose';
import { storePhoto } from '../photos/data-access/photo-repository';
import { readPhotoBody } from '../photos/photo-router';

export interface BotRouterDeps {
  db: Connection;
  botApiToken: string | undefined;
  conversation: Pick<ConversationComponent, 'handleTurn'>;
}

const inboundSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().max(4000) }),
  z.object({
    kind: z.literal('image'),
    mediaRef: z.string().regex(/^[0-9a-f]{64}$/, 'mediaRef must be a photo id'),
  }),
  z.object({
    kind: z.literal('location'),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    label: z.string().max(200).optional(),
  }),
]);

export const botTurnSchema = z.object({
  channel: z.literal('wechaty'),
  userId: z.string().min(1).max(128),
  message: inboundSchema,
});

const digest = (text: string) => createHash('sha256').update(text).digest();

function requireBotToken(expected: string | undefined): Middleware {
  const expectedDigest = expected ? digest(expected) : undefined;
  return async function authenticateBot(ctx, next) {
    const given = /^Bearer (\S+)$/.exec(ctx.get('authorization'))?.[1];
    // Digests have one length, so the comparison is constant-time whatever was sent.
    if (!expectedDigest || !given || !timingSafeEqual(digest(given), expectedDigest)) {
      throw new AppError('bot-unauthorized', 401, '机器人令牌无效。');
    }
    await next();
  };
}

export function createBotRouter(deps: BotRouterDeps): Router {
  const router = new Router({ prefix: '/api/v1/bot' });
  router.use(requireBotToken(deps.botApiToken));

  router.post('/turns', async (ctx) => {
    const parsed = botTurnSchema.safeParse(ctx.request.body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new AppError('invalid-input', 400, `请求格式不对：${first?.path.join('.')} ${first?.message}`);
    }
    const { channel, userId, message } = parsed.data;
    ctx.body = { replies: await deps.conversation.handleTurn({ channel, userId, inbound: message }) };
  });

  router.post('/photos', async (ctx) => {
    if (!ctx.is('image/*'))
      throw new AppError('unsupported-photo', 415, '只能上传 JPG、PNG 或 WebP 格式的照片。');
    const stored = await storePhoto(deps.db, await readPhotoBody(ctx.req));
    ctx.status = 201;
    ctx.body = { photoId: stored.id };
  });

  return router;
}
