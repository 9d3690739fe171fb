/**
 * Builds the business components from the app's dependencies. main.ts uses the result to mount
 * routers, print the sandbox logins and run the jobs; tests get the same wiring through createApp.
 */
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { DomainConfig } from '../config/domain/domain-config';
import type { AppConfig } from '../config/load-config';
import { createCaseComponent } from './cases/case-component';
import { createCitizenComponent } from './citizens/citizen-component';
import { visibilityFilter } from './cases/domain/case-visibility';
import { createKnowledgeComponent } from './knowledge/knowledge-component';
import { createPhotoRouter } from './photos/photo-router';
import type { Actor } from './staff/staff-types';
import { createStaffComponent } from './staff/staff-component';
import { createConversationComponent } from './conversation/conversation-component';
import { createWechatApiClient } from './wechat/api/wechat-api-client';
import { createMiniprogramApiClient } from './wechat/api/miniprogram-api-client';
import { createChatSessionRepository } from './conversation/data-access/chat-session-repository';
import { createNotificationComponent } from './notifications/notification-component';
import type { WechatApiStandin } from './sandbox/wechat-api-standin';
import { createCallbackDeliveries } from './wechat/callback-deliveries';
import { createCallbackReplier } from './wechat/callback-reply';
import { createOfficialAccountChannel } from './wechat/official-account';

export interface ComponentDeps {
  config: Readonly<AppConfig>;
  domain: Readonly<DomainConfig>;
  logger: Logger;
  db: Connection;
  now?: () => Date;
  /** Sandbox only: the in-process stand-in of WeChat's API, whose outbox staff can read. */
  standin?: Pick<WechatApiStandin, 'outbox'>;
  /** How long a callback may work before it answers `success` (tests shorten it). */
  callbackReplyBudgetMs?: number;
}

/** WeChat gives up after 5 s; 4 s leaves room for the network (wechat-protocol.md §3). */
const CALLBACK_REPLY_BUDGET_MS = 4_000;

export function createComponents(deps: ComponentDeps) {
  const now = deps.now ?? (() => new Date());
  const staff = createStaffComponent({ db: deps.db, config: deps.config, logger: deps.logger, now });
  const knowledge = createKnowledgeComponent({
    db: deps.db,
    authenticate: staff.authenticate,
    requireRoles: staff.requireRoles,
  });
  const wechatApi = deps.config.wechatApiBase
    ? createWechatApiClient({
        db: deps.db,
        appId: deps.config.wechat.appId,
        appSecret: deps.config.wechat.appSecret,
        apiBase: deps.config.wechatApiBase,
        logger: deps.logger,
        now,
      })
    : undefined;
  const miniprogramApi =
    deps.config.miniprogram && deps.config.wechatApiBase
      ? createMiniprogramApiClient({
          db: deps.db,
          appId: deps.config.miniprogram.appId,
          appSecret: deps.config.miniprogram.secret,
          apiBase: deps.config.wechatApiBase,
          logger: deps.logger,
          now,
        })
      : undefined;
  const chatActivity = createChatSessionRepository(deps.db, 0);
  const notifications = createNotificationComponent({
    db: deps.db,
    domain: deps.domain,
    dataKey: deps.config.dataKey,
    officialAccount: wechatApi,
    miniprogram:
      miniprogramApi && deps.config.miniprogram
        ? { client: miniprogramApi, appId: deps.config.miniprogram.appId }
        : undefined,
    lastMessageAt: (openid) => chatActivity.lastActivityAt(`official_account:${openid}`),
    logger: deps.logger,
    now,
  });
  const cases = createCaseComponent({
    db: deps.db,
    domain: deps.domain,
    dataKey: deps.config.dataKey,
    logger: deps.logger,
    now,
    authenticate: staff.authenticate,
    requireRoles: staff.requireRoles,
    findKnowledgeAnswer: (entryId) => knowledge.useCases.findPublishedAnswer(entryId),
    onReporterEvent: notifications.enqueue,
  });
  const photos = createPhotoRouter({
    db: deps.db,
    authenticate: staff.authenticate,
    isPhotoVisibleTo: (state, photoId) =>
      cases.repo.isPhotoOnVisibleCase(photoId, visibilityFilter(state.actor as Actor)),
  });
  const conversation = createConversationComponent({
    db: deps.db,
    domain: deps.domain,
    cases,
    knowledge: knowledge.useCases,
    mediaSource: wechatApi,
    logger: deps.logger,
    now,
  });
  const citizens = createCitizenComponent({
    db: deps.db,
    dataKey: deps.config.dataKey,
    logger: deps.logger,
    now,
    miniprogram: miniprogramApi,
    // Unverified device logins only where nothing is real: never beside real WeChat credentials.
    sandboxLogin: deps.config.sandbox,
    cases,
    recordSubscribeGrants: notifications.recordSubscribeGrants,
    knowledge: knowledge.useCases,
    signboards: conversation.signboards,
    subscribeTemplateIds: [notifications.rules.templates.miniprogram.templateId],
  });
  const officialAccount = createOfficialAccountChannel({
    conversation,
    miniprogramAppId: deps.config.miniprogram?.appId,
    onTemplateReceipt: (receipt) => notifications.recordTemplateReceipt(receipt.msgId, receipt.status),
    logger: deps.logger,
  });
  const callbackDeliveries = createCallbackDeliveries(deps.db, now);
  const callbackReplier = createCallbackReplier({
    deliveries: callbackDeliveries,
    answerMessage: officialAccount.answerMessage,
    sendCustomerText: async (openid, text) => {
      if (!wechatApi) throw new Error('no WeChat API configured (WECHAT_API_BASE)');
      await wechatApi.sendCustomerText(openid, text);
    },
    busyText: conversation.texts.replies.busy,
    appId: deps.config.wechat.appId,
    replyBudgetMs: deps.callbackReplyBudgetMs ?? CALLBACK_REPLY_BUDGET_MS,
    logger: deps.logger,
    now,
  });
  return {
    staff,
    knowledge,
    cases,
    photos,
    citizens,
    wechatApi,
    notifications,
    conversation,
    callbackDeliveries,
    callbackReplier,
  };
}

export type Components = ReturnType<typeof createComponents>;
