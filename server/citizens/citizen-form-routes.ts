/**
 * What the mini program's report form asks before a case is filed: the public settings (the
 * subscription templates to ask for, the hotline), the signboard behind a scanned QR code, and
 * the reporter's own phone number from WeChat. Parse, call, map; nothing here is stored.
 */
import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import type { Signboard } from '../../bot/dialog/dialog-types';
import { AppError } from '../http/app-error';
import { WechatApiError, type MiniprogramApiClient } from '../wechat/api/miniprogram-api-client';
import { parseInput, phoneCodeSchema, SIGNBOARD_ID } from './citizen-input';

export interface CitizenFormDeps {
  signboards: ReadonlyMap<string, Signboard>;
  /** Undefined when no mini program is configured: the phone route answers 404 then. */
  miniprogram: Pick<MiniprogramApiClient, 'getPhoneNumber'> | undefined;
  /** The templates the sender uses for subscription messages (config/domain/notifications.json). */
  subscribeTemplateIds: readonly string[];
  logger: Logger;
}

export const HOTLINE = '12314';
/** wx.requestSubscribeMessage takes at most 3 templates a call (wechat-protocol.md §6.3). */
const MAX_TEMPLATES_PER_REQUEST = 3;
/** Invalid or used code (§6.2: single use, 5 minutes). */
const REFUSED_PHONE_CODE = new Set([40029, 40163]);

function toPhoneError(error: unknown): AppError {
  if (error instanceof WechatApiError && REFUSED_PHONE_CODE.has(error.errcode)) {
    return new AppError(
      'phone-code-invalid',
      400,
      '手机号授权已过期，请再点一次“使用微信手机号”，或直接填写手机号。',
    );
  }
  return new AppError('wechat-unavailable', 502, '暂时没能取得微信手机号，请直接填写手机号。', true);
}

function toSignboardView(board: Signboard) {
  const { id, river, county, regionCode, latitude, longitude } = board;
  return {
    id,
    river,
    county,
    ...(regionCode ? { regionCode } : {}),
    ...(latitude !== undefined && longitude !== undefined ? { latitude, longitude } : {}),
  };
}

export function addCitizenFormRoutes(router: Router, deps: CitizenFormDeps, authenticate: Middleware): void {
  const logger = deps.logger.child({ component: 'citizen-form' });

  // Public: the form asks for subscription grants before the reporter has filed anything.
  router.get('/settings', (ctx) => {
    ctx.body = {
      subscribeTemplateIds: [...new Set(deps.subscribeTemplateIds)].slice(0, MAX_TEMPLATES_PER_REQUEST),
      hotline: HOTLINE,
    };
  });

  // Public: the signboard's place is printed on the signboard itself.
  router.get('/signboards/:id', (ctx) => {
    const id = ctx.params.id!;
    if (!SIGNBOARD_ID.test(id)) {
      throw new AppError('invalid-input', 400, '公示牌编号不正确，请直接填写问题所在的地点。');
    }
    const board = deps.signboards.get(id);
    if (!board) {
      throw new AppError('signboard-not-found', 404, '没有找到这块公示牌的信息，请直接填写问题所在的地点。');
    }
    ctx.body = toSignboardView(board);
  });

  // The number goes back to the form only; it is kept when the reporter files the case with it.
  router.post('/phone', authenticate, async (ctx) => {
    const { code } = parseInput(phoneCodeSchema, ctx.request.body);
    if (!deps.miniprogram) {
      throw new AppError('phone-unavailable', 404, '暂时不能使用微信手机号，请直接填写手机号。');
    }
    try {
      const phone = await deps.miniprogram.getPhoneNumber(code);
      const mainland = phone.countryCode === '86';
      ctx.body = {
        phone: mainland ? phone.purePhoneNumber : phone.phoneNumber,
        countryCode: phone.countryCode,
      };
    } catch (error) {
      const refusal = toPhoneError(error);
      // The error carries WeChat's errcode, never the number.
      logger.warn({ err: error, code: refusal.code }, 'phone number not obtained');
      throw refusal;
    }
  });
}
