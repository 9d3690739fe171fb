/**
 * Notifications to the reporter: every step the reporter sees is queued in the outbox as it is
 * stored (the case workflow's onReporterEvent), and the sender job delivers it through WeChat.
 * The only WeChat calls are made through the API clients in server/wechat/api.
 */
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { DomainConfig } from '../../config/domain/domain-config';
import { loadNotificationRules, type NotificationRules } from '../../config/domain/notification-rules';
import type { CaseRecord } from '../cases/data-access/case-repository';
import type { CaseEvent } from '../cases/domain/case-types';
import { createDocumentLocks } from '../db/document-lock';
import { lookupHash, openField } from '../identity/identity-crypto';
import type { MiniprogramApiClient } from '../wechat/api/miniprogram-api-client';
import type { WechatApiClient } from '../wechat/api/wechat-api-client';
import { isInsideCustomerWindow } from './domain/delivery-policy';
import {
  buildNotice,
  renderCustomerText,
  renderTemplateData,
  type Notice,
  type NoticeFacts,
} from './domain/notice-builder';
import { createNotificationRepository, shardOf } from './data-access/notification-repository';
import { createSubscribeGrantRepository } from './data-access/subscribe-grant-repository';
import { createNotificationSender, type NotificationTransport } from './notification-sender';

export interface NotificationComponentDeps {
  db: Connection;
  domain: Readonly<DomainConfig>;
  dataKey: Buffer;
  officialAccount: WechatApiClient | undefined;
  miniprogram: { client: MiniprogramApiClient; appId: string } | undefined;
  /** When the reporter last wrote to the official account (the customer-service window). */
  lastMessageAt: (officialAccountOpenid: string) => Promise<Date | undefined>;
  logger: Logger;
  now: () => Date;
  rules?: NotificationRules;
  /** How long a sender holds a shard; tests that kill a sender shorten it. */
  leaseMs?: number;
}

function factsOf(record: CaseRecord, event: CaseEvent, domain: Readonly<DomainConfig>): NoticeFacts {
  const department = record.assignment?.department;
  const extendRequest = [...record.timeline].reverse().find((step) => step.type === 'extend');
  const surveyToken = event.data?.surveyToken;
  return {
    trackingNumber: record.trackingNumber,
    departmentName: domain.organisation.departments.find((d) => d.code === department)?.name,
    dueAt: record.due?.at ?? record.deadlines.handle,
    resolution: record.resolution?.summary,
    rejection: record.rejection,
    mergedInto: record.mergedInto,
    extensionReason: extendRequest?.note,
    surveyToken: typeof surveyToken === 'string' ? surveyToken : undefined,
  };
}

export function createNotificationComponent(deps: NotificationComponentDeps) {
  const rules = deps.rules ?? loadNotificationRules();
  const repo = createNotificationRepository(deps.db);
  const grants = createSubscribeGrantRepository(deps.db);
  const { officialAccount: oaTemplate, miniprogram: mpTemplate } = rules.templates;

  /** The workflow's hook: queue the notice of a reporter-visible step (never throws). */
  async function enqueue(record: CaseRecord, event: CaseEvent): Promise<void> {
    try {
      const notice = buildNotice(event, factsOf(record, event, deps.domain), rules);
      if (!notice) return;
      const id = `${record.id}:${event.seq}`;
      const { officialAccountOpenid, miniprogramOpenid } = record.reporter;
      await repo.insertIfAbsent({
        id,
        caseId: record.id,
        shard: shardOf(id),
        notice,
        recipient: {
          ...(officialAccountOpenid ? { officialAccountOpenid: officialAccountOpenid.sealed } : {}),
          ...(miniprogramOpenid ? { miniprogramOpenid: miniprogramOpenid.sealed } : {}),
        },
        status: 'pending',
        refused: [],
        attempts: 0,
        nextAttemptAt: deps.now(),
        createdAt: deps.now(),
      });
    } catch (error) {
      deps.logger.error(
        { err: error, case: record.trackingNumber, event: event.type },
        'notification not queued',
      );
    }
  }

  const miniprogramLink = (notice: Notice) =>
    deps.miniprogram ? { miniprogram: { appid: deps.miniprogram.appId, pagepath: notice.page } } : {};

  const transport: NotificationTransport = {
    async sendTemplate(openid, notice, clientMsgId) {
      if (!deps.officialAccount) throw new Error('no WeChat API configured');
      return deps.officialAccount.sendTemplate({
        touser: openid,
        templateId: oaTemplate.templateId,
        data: renderTemplateData(notice, oaTemplate),
        ...miniprogramLink(notice),
        clientMsgId,
      });
    },
    async sendSubscribe(openid, notice) {
      if (!deps.miniprogram) throw new Error('no mini-program configured');
      await deps.miniprogram.client.sendSubscribe({
        touser: openid,
        templateId: mpTemplate.templateId,
        page: notice.page,
        data: renderTemplateData(notice, mpTemplate),
      });
    },
    async sendCustomer(openid, notice) {
      if (!deps.officialAccount) throw new Error('no WeChat API configured');
      await deps.officialAccount.sendCustomerText(openid, renderCustomerText(notice, rules));
    },
  };

  const sender = createNotificationSender({
    repo,
    locks: createDocumentLocks(deps.db, deps.now),
    transport,
    reach: {
      openOpenid: (sealed) => openField(deps.dataKey, sealed),
      takeSubscribeGrant: (openid) =>
        deps.miniprogram
          ? grants.takeGrant(lookupHash(deps.dataKey, 'openid', openid), mpTemplate.templateId)
          : Promise.resolve(false),
      isInCustomerWindow: async (openid) =>
        isInsideCustomerWindow(await deps.lastMessageAt(openid), deps.now()),
    },
    logger: deps.logger,
    now: deps.now,
    leaseMs: deps.leaseMs,
  });

  /** A mini-program user accepted these templates once each (wx.requestSubscribeMessage). */
  async function recordSubscribeGrants(miniprogramOpenid: string, templateIds: string[]): Promise<void> {
    const openidHash = lookupHash(deps.dataKey, 'openid', miniprogramOpenid);
    for (const templateId of templateIds) await grants.recordGrant(openidHash, templateId, deps.now());
  }

  /** TEMPLATESENDJOBFINISH from the callback: the final delivery status of a template message. */
  async function recordTemplateReceipt(msgid: string, status: string): Promise<void> {
    await repo.recordReceipt(msgid, status, deps.now());
  }

  /** A case's notifications for staff: channel, outcome, reasons and WeChat's delivery receipt. */
  async function listForCase(record: Pick<CaseRecord, 'id' | 'timeline'>) {
    const reporterVisible = record.timeline.filter((event) => event.visibleToReporter);
    return Promise.all(
      (
        await repo.listForCase(
          record.id,
          reporterVisible.map((event) => event.seq),
        )
      ).map(async (item) => ({
        id: item.id,
        event: item.notice.eventType,
        status: item.status,
        detail: item.notice.detail,
        createdAt: item.createdAt,
        sent: item.sent,
        refused: item.refused,
        lastError: item.lastError,
        delivery: item.sent?.msgid ? await repo.findReceipt(item.sent.msgid) : undefined,
      })),
    );
  }

  return { enqueue, sender, recordSubscribeGrants, recordTemplateReceipt, listForCase, repo, rules };
}

export type NotificationComponent = ReturnType<typeof createNotificationComponent>;
