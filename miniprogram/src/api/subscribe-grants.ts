/**
 * Asks the reporter, in WeChat, to allow progress messages (wx.requestSubscribeMessage) and tells
 * the server which templates they accepted. WeChat only shows the dialog when it is called from a
 * tap, so the form calls this first thing in its submit handler. A refusal or any error never
 * stops the report: the reporter can always follow it in 我的举报. Not available in H5.
 */
import Taro from '@tarojs/taro';
import { recordSubscriptions } from './form-api';

/** WeChat takes at most 3 templates a call (wechat-protocol.md §6.3). */
const MAX_TEMPLATES = 3;

export async function askSubscribeGrants(templateIds: string[]): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp' || templateIds.length === 0) return;
  try {
    const tmplIds = templateIds.slice(0, MAX_TEMPLATES);
    // entityIds is Alipay's field; the typings demand it, WeChat neither needs nor wants it.
    const option = { tmplIds } as Taro.requestSubscribeMessage.Option;
    const result = (await Taro.requestSubscribeMessage(option)) as unknown as Record<string, unknown>;
    const accepted = tmplIds.filter((id) => result[id] === 'accept');
    if (accepted.length > 0) await recordSubscriptions(accepted);
  } catch {
    // Refused, switched off, or the network: the report goes ahead without notifications.
  }
}
