/**
 * The callback's own work without the database: verify, decrypt, parse, dialog step, build and
 * encrypt the reply, on one core. Set against the end-to-end figure, it shows how much of a
 * message's time is the server's and how much the store's.
 */
import { randomBytes } from 'node:crypto';
import { stepDialog } from '../bot/dialog/dialog-engine';
import type { DialogSession } from '../bot/dialog/dialog-types';
import { loadDomainConfig } from '../config/domain/domain-config';
import { buildDialogContext } from '../server/conversation/conversation-component';
import {
  computeSignature,
  openEnvelope,
  sealEnvelope,
  verifySignature,
} from '../server/wechat/callback-crypto';
import {
  addressReplyTo,
  buildTextReply,
  normaliseMessage,
  parseCallbackXml,
} from '../server/wechat/callback-xml';
import { createWechatSimulator, makeOpenId } from '../scripts/chat/wechat-simulator';

const MESSAGES = 20_000;
/** One citizen's report dialog, ending in 取消 so no case is filed (intake has its own figures). */
export const BENCH_DIALOG = [
  '举报',
  '1',
  '村东头河道里有人夜里挖沙，河岸都挖塌了',
  '临城县张庄村村东河道',
  '跳过',
  '匿名',
  '取消',
];

export function runCallbackCpuBench(): void {
  const account = {
    appId: `wx${randomBytes(8).toString('hex')}`,
    token: 'benchToken12314',
    aesKey: randomBytes(48)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 43),
    ghId: 'gh_bench',
  };
  const simulator = createWechatSimulator(account, { mode: 'safe' });
  const context = buildDialogContext(loadDomainConfig());
  const openids = Array.from({ length: 64 }, makeOpenId);
  const calls = Array.from({ length: MESSAGES }, (_, i) =>
    simulator.text(openids[i % 64]!, BENCH_DIALOG[Math.floor(i / 64) % BENCH_DIALOG.length]!),
  );
  const sessions = new Map<string, DialogSession | undefined>();
  const now = new Date();
  const started = process.hrtime.bigint();
  for (const call of calls) {
    const { signature, timestamp, nonce, msg_signature: msgSignature } = call.query;
    if (!verifySignature(computeSignature(account.token, timestamp!, nonce!), signature!))
      throw new Error('sig');
    const encrypt = parseCallbackXml(call.body).Encrypt as string;
    const opened = openEnvelope(
      account,
      { timestamp: timestamp!, nonce: nonce!, msgSignature: msgSignature! },
      encrypt,
    );
    const message = normaliseMessage(parseCallbackXml(opened.message));
    const step = stepDialog(
      sessions.get(message.fromUser),
      { kind: 'text', text: message.content ?? '' },
      now,
      context,
    );
    sessions.set(message.fromUser, step.session);
    const xml = buildTextReply({
      ...addressReplyTo(message, now),
      content: step.replies.join('\\n\\n') || '好的',
    });
    sealEnvelope(account, xml, nonce!, now);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `callback work without the database (one core): ${((seconds / MESSAGES) * 1e6).toFixed(0)} µs per message, ` +
      `${(MESSAGES / seconds).toFixed(0)} msg/s`,
  );
}
