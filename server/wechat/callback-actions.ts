/**
 * What a callback asks of the platform (wechat-protocol.md §2–§3), decided without I/O: a chat
 * turn for the dialog, a position to remember, a fixed reply, or nothing (`success`). Events
 * that take no passive reply (unsubscribe, VIEW, TEMPLATESENDJOBFINISH…) are acknowledged only.
 */
import type { InboundChat, MenuKey, Signboard } from '../../bot/dialog/dialog-types';
import type { InboundWechatMessage } from './callback-xml';

export type CallbackAction =
  | { kind: 'turn'; inbound: InboundChat; welcome?: boolean; mediaId?: string }
  | { kind: 'remember-location'; latitude: number; longitude: number }
  | { kind: 'unsupported' }
  /** Delivery receipts of template messages, for the notification outbox. */
  | { kind: 'template-receipt'; msgId: string; status: string }
  | { kind: 'acknowledge' };

const MENU_KEYS: readonly MenuKey[] = ['REPORT', 'QUERY', 'CONSULT', 'HELP'];

function toCoordinate(value: string | undefined, limit: number): number | undefined {
  if (value === undefined || !/^-?\d{1,3}(\.\d{1,12})?$/.test(value.trim())) return undefined;
  const number = Number(value);
  return Math.abs(number) <= limit ? number : undefined;
}

function readLocation(message: InboundWechatMessage) {
  const latitude = toCoordinate(message.location?.latitude, 90);
  const longitude = toCoordinate(message.location?.longitude, 180);
  return latitude === undefined || longitude === undefined ? undefined : { latitude, longitude };
}

function decideEvent(
  message: InboundWechatMessage,
  signboards: ReadonlyMap<string, Signboard>,
): CallbackAction {
  const signboard = message.scene ? signboards.get(message.scene) : undefined;
  switch (message.event) {
    case 'subscribe':
      return signboard
        ? { kind: 'turn', inbound: { kind: 'scene', signboard }, welcome: true }
        : { kind: 'turn', inbound: { kind: 'follow' }, welcome: true };
    case 'SCAN':
      return signboard ? { kind: 'turn', inbound: { kind: 'scene', signboard } } : { kind: 'acknowledge' };
    case 'CLICK': {
      const key = MENU_KEYS.find((candidate) => candidate === message.eventKey);
      return key ? { kind: 'turn', inbound: { kind: 'menu', key } } : { kind: 'acknowledge' };
    }
    case 'LOCATION': {
      const place = readLocation(message);
      return place ? { kind: 'remember-location', ...place } : { kind: 'acknowledge' };
    }
    case 'TEMPLATESENDJOBFINISH':
      return message.msgId && message.status
        ? { kind: 'template-receipt', msgId: message.msgId, status: message.status }
        : { kind: 'acknowledge' };
    default:
      return { kind: 'acknowledge' };
  }
}

export function decideCallbackAction(
  message: InboundWechatMessage,
  signboards: ReadonlyMap<string, Signboard>,
): CallbackAction {
  switch (message.msgType) {
    case 'event':
      return decideEvent(message, signboards);
    case 'text':
      return { kind: 'turn', inbound: { kind: 'text', text: message.content ?? '' } };
    case 'voice':
      return { kind: 'turn', inbound: { kind: 'voice', recognition: message.recognition } };
    case 'image':
      return message.mediaId
        ? { kind: 'turn', inbound: { kind: 'image', mediaRef: message.mediaId }, mediaId: message.mediaId }
        : { kind: 'unsupported' };
    case 'location': {
      const place = readLocation(message);
      const label = message.location?.label?.trim();
      return place
        ? { kind: 'turn', inbound: { kind: 'location', ...place, ...(label ? { label } : {}) } }
        : { kind: 'unsupported' };
    }
    default:
      return { kind: 'unsupported' };
  }
}
