/**
 * Wires the knowledge component from the app's dependencies: one repository and one set of use
 * cases shared by the router, the seed and whoever answers from the base (chat bot, case workflow).
 */
import type { Middleware } from 'koa';
import type { Connection } from 'mongoose';
import type { StaffRole } from '../staff/staff-types';
import { createKnowledgeRepository } from './data-access/knowledge-repository';
import { createKnowledgeRouter } from './knowledge-router';
import { seedKnowledgeRepository } from './knowledge-seed';
import { createKnowledgeUseCases } from './knowledge-use-cases';

export interface KnowledgeComponentDeps {
  db: Connection;
  authenticate: Middleware;
  requireRoles: (...roles: StaffRole[]) => Middleware;
}

export function createKnowledgeComponent(deps: KnowledgeComponentDeps) {
  const repository = createKnowledgeRepository(deps.db);
  const useCases = createKnowledgeUseCases(repository);
  const router = createKnowledgeRouter({ ...deps, useCases });
  /** Inserts the seed entries that are missing; safe to call at every start. */
  const seed = () => seedKnowledgeRepository(repository);
  return { router, useCases, seed };
}

export type KnowledgeComponent = ReturnType<typeof createKnowledgeComponent>;
