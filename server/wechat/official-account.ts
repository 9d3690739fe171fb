/**
 * The official account mwrPRC as a chat channel: turns a callback message into a conversation
 * turn (or a remembered position, or a receipt) and the turn's replies into the texts to send.
 * Everything the account says comes from the conversation; this file only translates.
 */
import type { Logger } from 'pino';
import type { ConversationComponent } from '../conversation/conversation-component';
import { decideCallbackAction } from './callback-actions';
import type { InboundWechatMessage } from './callback-xml';

export interface TemplateReceipt {
  msgId: string;
  status: string;
  openid: string;
}

export interface OfficialAccountDeps {
  conversation: Pick<
    ConversationComponent,
    'handleTurn' | 'rememberLocation' | 'texts' | 'signboards' | 'prefetchMedia'
  >;
  /** Set when the mini-program is configured: the welcome links to it. */
  miniprogramAppId?: string;
  onTemplateReceipt?: (receipt: TemplateReceipt) => Promise<void>;
  logger: Logger;
}

const MINIPROGRAM_HOME = 'pages/index/index';
// Old clients that cannot open a mini-program follow the href instead.
const MINIPROGRAM_FALLBACK_URL = 'https://www.mwr.gov.cn';

export function createOfficialAccountChannel(deps: OfficialAccountDeps) {
  const { replies } = deps.conversation.texts;

  function withMiniprogramLink(texts: string[]): string[] {
    if (!deps.miniprogramAppId || texts.length === 0) return texts;
    const link =
      `<a href="${MINIPROGRAM_FALLBACK_URL}" data-miniprogram-appid="${deps.miniprogramAppId}" ` +
      `data-miniprogram-path="${MINIPROGRAM_HOME}">${replies.miniprogramLink}</a>`;
    return [...texts.slice(0, -1), `${texts[texts.length - 1]}\n${link}`];
  }

  /** The texts to answer with, in order; empty for `success`. */
  async function answerMessage(message: InboundWechatMessage): Promise<string[]> {
    const action = decideCallbackAction(message, deps.conversation.signboards);
    switch (action.kind) {
      case 'turn': {
        if (action.mediaId) deps.conversation.prefetchMedia(action.mediaId);
        const texts = await deps.conversation.handleTurn({
          channel: 'official_account',
          userId: message.fromUser,
          inbound: action.inbound,
        });
        return action.welcome ? withMiniprogramLink(texts) : texts;
      }
      case 'remember-location':
        await deps.conversation.rememberLocation('official_account', message.fromUser, {
          latitude: action.latitude,
          longitude: action.longitude,
        });
        return [];
      case 'unsupported':
        return [replies.unsupportedMessage];
      case 'template-receipt':
        await deps.onTemplateReceipt?.({
          msgId: action.msgId,
          status: action.status,
          openid: message.fromUser,
        });
        return [];
      case 'acknowledge':
        return [];
    }
  }

  return { answerMessage };
}
