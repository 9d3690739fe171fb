/**
 * The official account's server URL (wechat-protocol.md §1–§4): GET verifies the URL, POST takes
 * messages and events in plaintext, compatible or safe mode. The raw body is read here, with a
 * 64 KB limit, before anything else; every check runs before the database is touched, and a
 * rejected request gets a bare status (the reason goes to the log only).
 */
import { randomInt } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Logger } from 'pino';
import getRawBody from 'raw-body';
import type { AppConfig } from '../../config/load-config';
import {
  CallbackRejected,
  checkFreshness,
  computeSignature,
  openEnvelope,
  sealEnvelope,
  verifySignature,
} from './callback-crypto';
import { normaliseMessage, parseCallbackXml, type InboundWechatMessage } from './callback-xml';
import { SUCCESS } from './callback-reply';

const BODY_LIMIT_BYTES = 64 * 1024;

export interface CallbackRouterDeps {
  config: Pick<AppConfig, 'wechat' | 'wechatMessageMode'>;
  /** The passive reply's plaintext XML, or `success`. */
  reply: (message: InboundWechatMessage, receivedAt: number) => Promise<string>;
  logger: Logger;
  now: () => Date;
}

/** Every parameter at most once, as text: a repeated one arrives as an array and is refused. */
function readQuery(ctx: Context, names: readonly string[]): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const name of names) {
    const value = ctx.query[name];
    if (Array.isArray(value)) throw new CallbackRejected('bad-field', `${name} given twice`);
    values[name] = value;
  }
  return values;
}

async function readBody(ctx: Context): Promise<string> {
  try {
    return await getRawBody(ctx.req, {
      limit: BODY_LIMIT_BYTES,
      length: ctx.get('content-length') || undefined,
      encoding: 'utf8',
    });
  } catch (error) {
    if ((error as { type?: string }).type === 'entity.too.large')
      throw new CallbackRejected('body-too-large');
    throw new CallbackRejected('malformed-xml', 'body could not be read');
  }
}

export function createCallbackRouter(deps: CallbackRouterDeps): Router {
  const { token, encodingAesKey, appId } = deps.config.wechat;
  const mode = deps.config.wechatMessageMode;
  const router = new Router();

  function signatureMatches(query: Record<string, string | undefined>): boolean {
    const { signature, timestamp, nonce } = query;
    if (signature === undefined || timestamp === undefined || nonce === undefined) return false;
    return verifySignature(computeSignature(token, timestamp, nonce), signature);
  }

  async function rejectQuietly(ctx: Context, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof CallbackRejected)) throw error;
      ctx.state.log?.warn({ reason: error.reason, detail: error.message }, 'wechat callback rejected');
      ctx.status = error.status;
      ctx.body = '';
    }
  }

  router.get('/wechat/callback', async (ctx) => {
    await rejectQuietly(ctx, async () => {
      const query = readQuery(ctx, ['signature', 'timestamp', 'nonce', 'echostr']);
      if (!signatureMatches(query) || query.echostr === undefined)
        throw new CallbackRejected('bad-signature');
      ctx.type = 'text/plain';
      ctx.body = query.echostr;
    });
  });

  router.post('/wechat/callback', async (ctx) => {
    const receivedAt = Date.now();
    await rejectQuietly(ctx, async () => {
      const query = readQuery(ctx, [
        'signature',
        'timestamp',
        'nonce',
        'encrypt_type',
        'msg_signature',
        'openid',
      ]);
      if (!signatureMatches(query)) throw new CallbackRejected('bad-signature');
      checkFreshness(query.timestamp!, deps.now());
      const encrypted = query.encrypt_type !== undefined && query.encrypt_type !== 'raw';
      if (encrypted && query.encrypt_type !== 'aes') throw new CallbackRejected('bad-field', 'encrypt_type');
      if (encrypted ? mode === 'plaintext' : mode === 'safe') {
        throw new CallbackRejected(
          'bad-field',
          `a ${encrypted ? 'encrypted' : 'plaintext'} body in ${mode} mode`,
        );
      }
      const body = await readBody(ctx);
      let xml = body;
      let replyKey = encodingAesKey;
      if (encrypted) {
        const encrypt = parseCallbackXml(body).Encrypt;
        if (typeof encrypt !== 'string') throw new CallbackRejected('missing-field', 'Encrypt');
        const opened = openEnvelope(
          { token, aesKey: encodingAesKey, appId },
          { timestamp: query.timestamp!, nonce: query.nonce!, msgSignature: query.msg_signature ?? '' },
          encrypt,
        );
        xml = opened.message;
        replyKey = opened.aesKey;
      }
      const message = normaliseMessage(parseCallbackXml(xml));
      const reply = await deps.reply(message, receivedAt);
      if (reply === SUCCESS || !encrypted) {
        ctx.type = reply === SUCCESS ? 'text/plain' : 'application/xml';
        ctx.body = reply;
        return;
      }
      const nonce = String(randomInt(100_000_000, 2_000_000_000));
      ctx.type = 'application/xml';
      ctx.body = sealEnvelope({ token, aesKey: replyKey, appId }, reply, nonce, deps.now());
    });
  });

  return router;
}
