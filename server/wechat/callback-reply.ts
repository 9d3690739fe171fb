/**
 * Answers one authenticated callback message within WeChat's 5-second window (§3): dedup by the
 * message's key, run the work, reply passively by 4 s at the latest; slower work is acknowledged
 * with `success` and its answer follows as a customer-service message.
 */
import type { Logger } from 'pino';
import type { CallbackDeliveries } from './callback-deliveries';
import { addressReplyTo, buildTextReply, dedupKeyOf, type InboundWechatMessage } from './callback-xml';

export const SUCCESS = 'success';
const TIMED_OUT = Symbol('timed out');

export interface CallbackReplyDeps {
  deliveries: CallbackDeliveries;
  /** The texts to send back, in order; an empty list means nothing to say (`success`). */
  answerMessage: (message: InboundWechatMessage) => Promise<string[]>;
  sendCustomerText: (openid: string, text: string) => Promise<void>;
  busyText: string;
  appId: string;
  replyBudgetMs: number;
  logger: Logger;
  now: () => Date;
}

/** A passive reply carries one message: several texts become paragraphs of one. */
function joinTexts(texts: string[]): string | undefined {
  return texts.length === 0 ? undefined : texts.join('\n\n');
}

export function createCallbackReplier(deps: CallbackReplyDeps) {
  function toReplyXml(message: InboundWechatMessage, text: string | undefined): string {
    return text === undefined
      ? SUCCESS
      : buildTextReply({ ...addressReplyTo(message, deps.now()), content: text });
  }

  function deliverLate(message: InboundWechatMessage, work: Promise<string | undefined>): void {
    work
      .then(async (text) => {
        if (text !== undefined) await deps.sendCustomerText(message.fromUser, text);
      })
      .catch((error: unknown) => deps.logger.error({ err: error }, 'late answer could not be delivered'));
  }

  /** The reply's plaintext XML, or `success`. */
  async function reply(message: InboundWechatMessage): Promise<string> {
    const key = `${deps.appId}|${dedupKeyOf(message)}`;
    const deadline = Date.now() + deps.replyBudgetMs;
    const claim = await deps.deliveries.claim(key);
    if (!claim.first) {
      return claim.reply ?? (await deps.deliveries.waitForReply(key, deadline)) ?? SUCCESS;
    }
    const work = deps.answerMessage(message).then(joinTexts);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, deadline - Date.now()));
    });
    try {
      const text = await Promise.race([work, timeout]);
      if (text === TIMED_OUT) {
        deps.logger.warn(
          { msgType: message.msgType },
          'callback work passed the reply budget; answering later',
        );
        await deps.deliveries.complete(key, SUCCESS);
        deliverLate(message, work);
        return SUCCESS;
      }
      const xml = toReplyXml(message, text);
      await deps.deliveries.complete(key, xml);
      return xml;
    } catch (error) {
      deps.logger.error({ err: error, msgType: message.msgType }, 'callback message could not be handled');
      // Nothing was done: a retry may try again.
      await deps.deliveries.forget(key).catch(() => undefined);
      return toReplyXml(message, deps.busyText);
    } finally {
      clearTimeout(timer);
    }
  }

  return { reply };
}
