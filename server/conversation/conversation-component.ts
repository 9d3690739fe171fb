/**
 * The chat conversation shared by every channel: the dialog context from config/domain, the
 * session store, chat photos and the turn use case. Channels (the official-account callback, the
 * bot API used by the Wechaty process) only translate their messages and call handleTurn.
 */
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { DialogContext } from '../../bot/dialog/dialog-types';
import { loadBotTexts } from '../../config/domain/bot-texts';
import type { DomainConfig } from '../../config/domain/domain-config';
import { loadOutOfScopeRules } from '../../config/domain/out-of-scope-rules';
import { loadSignboards } from '../../config/domain/signboards';
import type { CaseComponent } from '../cases/case-component';
import { createDocumentLocks } from '../db/document-lock';
import type { KnowledgeUseCases } from '../knowledge/knowledge-use-cases';
import { createChatMedia, type MediaSource } from './chat-media';
import { createConversationUseCases } from './conversation-use-cases';
import { createChatSessionRepository } from './data-access/chat-session-repository';

const SESSION_IDLE_MINUTES = 30;
const MAX_PHOTOS = 9;
/** Long enough for the remembered LOCATION; the dialog itself expires after 30 idle minutes. */
const KEEP_STATE_MINUTES = 24 * 60;

export interface ConversationComponentDeps {
  db: Connection;
  domain: Readonly<DomainConfig>;
  cases: CaseComponent;
  knowledge: KnowledgeUseCases;
  /** WeChat's media API; undefined where media cannot be fetched. */
  mediaSource: MediaSource | undefined;
  logger: Logger;
  now: () => Date;
}

export function buildDialogContext(domain: Readonly<DomainConfig>): DialogContext {
  return {
    categories: domain.organisation.categories,
    outOfScopeRules: loadOutOfScopeRules(),
    texts: loadBotTexts(),
    sessionIdleMinutes: SESSION_IDLE_MINUTES,
    maxPhotos: MAX_PHOTOS,
  };
}

export function createConversationComponent(deps: ConversationComponentDeps) {
  const context = buildDialogContext(deps.domain);
  const sessions = createChatSessionRepository(deps.db, KEEP_STATE_MINUTES);
  const media = createChatMedia({
    db: deps.db,
    source: deps.mediaSource,
    logger: deps.logger,
    now: deps.now,
  });
  const useCases = createConversationUseCases({
    context,
    sessions,
    media,
    locks: createDocumentLocks(deps.db, deps.now),
    cases: deps.cases,
    knowledge: deps.knowledge,
    logger: deps.logger,
    now: deps.now,
  });
  return {
    ...useCases,
    texts: context.texts,
    signboards: loadSignboards(),
    prefetchMedia: media.prefetch,
    sweepExpiredSessions: () => sessions.deleteExpired(deps.now()),
  };
}

export type ConversationComponent = ReturnType<typeof createConversationComponent>;
