/**
 * A chat with the official account end to end, for component tests: the stand-in plays WeChat's
 * API servers, the simulator signs (and encrypts) each message exactly as WeChat does, and the
 * real app answers through its callback route and a test database.
 */
import type { Server } from 'node:http';
import type { Connection } from 'mongoose';
import request from 'supertest';
import {
  createWechatSimulator,
  type CallbackMode,
  type SimulatedRequest,
  type WechatSimulator,
} from '../../scripts/chat/wechat-simulator';
import { createTestPlatform } from './test-app';
import { startWechatTestAccount, type WechatTestAccount } from './wechat-test-account';

export const TRACKING_NUMBER = /SL\d{14}/;

export interface OfficialAccountChat {
  wechat: WechatTestAccount;
  simulator: WechatSimulator;
  server: Server;
  platform: ReturnType<typeof createTestPlatform>;
  close(): Promise<void>;
}

export async function startOfficialAccountChat(
  db: Connection,
  mode: CallbackMode = 'safe',
): Promise<OfficialAccountChat> {
  const wechat = await startWechatTestAccount(mode);
  const platform = createTestPlatform(db, { env: wechat.env });
  const server = platform.app.listen(0);
  return {
    wechat,
    simulator: createWechatSimulator(wechat.account, { mode }),
    server,
    platform,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await wechat.close();
    },
  };
}

/** Delivers one message and returns the reply's text (or `success` when there is none). */
export async function say(chat: OfficialAccountChat, call: SimulatedRequest): Promise<string> {
  const response = await request(chat.server).post(call.path).set('Content-Type', 'text/xml').send(call.body);
  if (response.status !== 200) throw new Error(`callback answered ${response.status}`);
  const reply = chat.simulator.readReply(response.text, call);
  if (reply === 'success' || reply === '') return 'success';
  if (reply.msgType !== 'text') throw new Error(`expected a text reply, got ${reply.msgType}`);
  return reply.content ?? '';
}

export function sayText(chat: OfficialAccountChat, openid: string, content: string): Promise<string> {
  return say(chat, chat.simulator.text(openid, content));
}

/** Files a report by chat (typed address, no photos, anonymous) and returns its tracking number. */
export async function reportByChat(
  chat: OfficialAccountChat,
  openid: string,
  description: string,
): Promise<string> {
  for (const answer of ['举报', '1', description, '临城县张庄村村东河道', '跳过', '匿名']) {
    await sayText(chat, openid, answer);
  }
  const submitted = await sayText(chat, openid, '确认');
  const trackingNumber = TRACKING_NUMBER.exec(submitted)?.[0];
  if (!trackingNumber) throw new Error(`no tracking number in: ${submitted}`);
  return trackingNumber;
}
