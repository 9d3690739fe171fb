import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { DomainConfig } from '../../config/domain/domain-config';
import type { DocumentLocks } from '../db/document-lock';
import type { CaseRecord, CaseRepository } from './data-access/case-repository';
import type { CaseEvent } from './domain/case-types';

/** What the case use cases need; passed as a plain object (no container). */
export interface CaseDeps {
  db: Connection;
  repo: CaseRepository;
  /** Leases that serialise changes to one case across requests and instances. */
  locks: DocumentLocks;
  domain: Readonly<DomainConfig>;
  /** AES-256-GCM key for reporter identity (config.dataKey). */
  dataKey: Buffer;
  logger: Logger;
  now: () => Date;
  /**
   * Called after every step the reporter sees (intake, transitions) has been stored; the
   * notification outbox hangs here. It must not throw for a notification it cannot queue.
   */
  onReporterEvent?: (record: CaseRecord, event: CaseEvent) => Promise<void>;
}
