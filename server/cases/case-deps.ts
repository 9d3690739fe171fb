import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { DomainConfig } from '../../config/domain/domain-config';
import type { DocumentLocks } from '../db/document-lock';
import type { CaseRepository } from './data-access/case-repository';

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
}
