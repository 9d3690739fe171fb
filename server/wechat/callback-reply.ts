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

  /** Sends what a first delivery produced after its reply had left, as a customer-service message. */
  function deliverLate(message: InboundWechatMessage, handled: Promise<Handled>): void {
    handled
      .then(async (result) => {
        if (result.first && result.text !== undefined)
          await deps.sendCustomerText(message.fromUser, result.text);
      })
      .catch((error: unknown) => deps.logger.error({ err: error }, 'late answer could not be delivered'));
  }

  type Handled = { first: true; text: string | undefined } | { first: false; xml: string | undefined };

  /**
   * Claims the delivery, does the work and stores the reply (first delivery), or waits for the
   * first one's reply. All of it runs against the reply budget.
   */
  async function handle(
    message: InboundWechatMessage,
    key: string,
    deadline: number,
    budget: { passed: boolean },
  ): Promise<Handled> {
    const claim = await deps.deliveries.claim(key);
    if (!claim.first) {
      return { first: false, xml: claim.reply ?? (await deps.deliveries.waitForReply(key, deadline)) };
    }
    let text: string | undefined;
    try {
      text = joinTexts(await deps.answerMessage(message));
    } catch (error) {
      // Nothing was done: a retry may try again.
      await deps.deliveries.forget(key).catch(() => undefined);
      throw error;
    }
    // Past the budget `success` was answered and stored; the text goes by customer-service message.
    if (!budget.passed) await deps.deliveries.complete(key, toReplyXml(message, text));
    return { first: true, text };
  }

  /** The reply's plaintext XML, or `success`; `receivedAt` (ms) starts the 4-second budget. */
  async function reply(message: InboundWechatMessage, receivedAt = Date.now()): Promise<string> {
    const key = `${deps.appId}|${dedupKeyOf(message)}`;
    const deadline = receivedAt + deps.replyBudgetMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, deadline - Date.now()));
    });
    const budget = { passed: false };
    const handled = handle(message, key, deadline, budget);
    try {
      const result = await Promise.race([handled, timeout]);
      if (result === TIMED_OUT) {
        budget.passed = true;
        deps.logger.warn({ msgType: message.msgType }, 'callback passed the reply budget; answering later');
        // Not awaited: the answer must leave now; a slow store only delays what retries see.
        deps.deliveries
          .complete(key, SUCCESS)
          .catch((error: unknown) => deps.logger.error({ err: error }, 'late delivery not recorded'));
        deliverLate(message, handled);
        return SUCCESS;
      }
      return result.first ? toReplyXml(message, result.text) : (result.xml ?? SUCCESS);
    } catch (error) {
      deps.logger.error({ err: error, msgType: message.msgType }, 'callback message could not be handled');
      return toReplyXml(message, deps.busyText);
    } finally {
      clearTimeout(timer);
    }
  }

  return { reply };
}
