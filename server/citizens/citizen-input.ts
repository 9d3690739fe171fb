/**
 * What the mini program may send, as zod schemas: the routes check with them and the OpenAPI
 * description is built from them. The server, not the client, sets the channel and the openids.
 */
import { z } from 'zod';
import { submitCaseSchema } from '../cases/intake-use-cases';
import { HTML_TAG } from '../cases/domain/description-rules';
import { AppError } from '../http/app-error';

export const citizenLoginSchema = z.object({
  code: z.string({ error: '缺少登录凭证，请重新进入小程序。' }).regex(/^[A-Za-z0-9_-]{1,128}$/, {
    error: '登录凭证无效，请重新进入小程序。',
  }),
});

/** The code of the getPhoneNumber button (wechat-protocol.md §6.2): works once, within 5 minutes. */
export const phoneCodeSchema = z.object({
  code: z
    .string({ error: '缺少手机号授权凭证，请再点一次“使用微信手机号”。' })
    .regex(/^[A-Za-z0-9_-]{1,128}$/, {
      error: '手机号授权凭证无效，请再点一次“使用微信手机号”，或直接填写手机号。',
    }),
});

/** A signboard id as its QR code carries it (config/domain/signboards.ts: a QR scene). */
export const SIGNBOARD_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** 56, not 64: `sandbox-` + the id must fit the 64 characters intake allows for an openid. */
export const sandboxLoginSchema = z.object({
  deviceId: z.string({ error: '缺少设备编号。' }).regex(/^[A-Za-z0-9_-]{16,56}$/, {
    error: '设备编号应为16到56位字母、数字、下划线或短横线。',
  }),
});

const reporterFields = submitCaseSchema.shape.reporter
  .unwrap()
  .pick({ anonymous: true, name: true, phone: true });

export const citizenCaseSchema = submitCaseSchema
  .omit({ channel: true, reporter: true })
  .extend({ reporter: reporterFields.default({ anonymous: false }) });

export const supplementSchema = z.object({
  note: z
    .string({ error: '请填写补充的内容。' })
    .trim()
    .min(2, '请填写补充的内容（至少2个字）。')
    .max(2000, '补充的内容请不要超过2000个字。')
    .refine((note) => !HTML_TAG.test(note), '补充的内容里不能包含网页代码。'),
});

export const citizenReviewSchema = z.object({
  reason: z.string({ error: '请说明申请复查的理由。' }).trim(),
});

/** Template ids the user accepted in wx.requestSubscribeMessage (at most 3 a call; 20 allows replays). */
export const subscriptionsSchema = z.object({
  templateIds: z
    .array(z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, '订阅消息模板编号无效。'), {
      error: '请提供订阅消息模板编号。',
    })
    .min(1, '请至少选择一个订阅消息。')
    .max(20, '一次最多订阅20个消息模板。'),
});

export const knowledgeQuerySchema = z.object({
  q: z.string().trim().max(50, '搜索的内容请不要超过50个字。').default(''),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});

/** Parses with `schema`, or a 400 naming the first problem in plain words. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) {
    throw new AppError('invalid-input', 400, parsed.error.issues[0]?.message ?? '提交的内容不完整。');
  }
  return parsed.data;
}
