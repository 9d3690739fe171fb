/**
 * Reading cases: staff lists and details within each role's visibility, the audited reveal of a
 * reporter's identity, and a reporter's own cases (found by the keyed hashes of their identities).
 */
import { z } from 'zod';
import { recordAudit } from '../audit/audit-repository';
import { AppError } from '../http/app-error';
import { lookupHash, revealReporterIdentity, type LookupKind } from '../identity/identity-crypto';
import type { Actor } from '../staff/staff-types';
import type { CaseDeps } from './case-deps';
import { CASE_STATUSES, CATEGORY_CODES } from './domain/case-types';
import { mayRevealReporter, visibilityFilter } from './domain/case-visibility';
import { toReporterView, toStaffDetail, toStaffListItem } from './case-views';
import type { CaseListOrder, CaseRecord } from './data-access/case-repository';
import { caseNotFound } from './workflow-use-cases';

const PAGE_SIZE_MAX = 100;

export const listFiltersSchema = z.object({
  status: z
    .string()
    .transform((value) => value.split(','))
    .pipe(z.array(z.enum(CASE_STATUSES)))
    .optional(),
  category: z.enum(CATEGORY_CODES).optional(),
  department: z.string().max(30).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  dueSoon: z.enum(['true', 'false']).optional(),
  flagged: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(20),
});

/** The cursor names its order, so a page of one queue is never continued in another. */
function encodeCursor(order: CaseListOrder, at: Date, id: string): string {
  return Buffer.from(`${order}|${at.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(order: CaseListOrder, cursor: string): { at: Date; id: string } {
  const [cursorOrder, iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const at = new Date(iso ?? '');
  if (cursorOrder !== order || !id || !/^[0-9a-f]{24}$/.test(id) || Number.isNaN(at.getTime())) {
    throw new AppError('invalid-input', 400, '分页参数无效，请从第一页重新查看。');
  }
  return { at, id };
}

export function createCaseQueries(deps: CaseDeps) {
  const { repo, domain } = deps;

  async function listCasesForStaff(actor: Actor, query: unknown) {
    const parsed = listFiltersSchema.safeParse(query);
    if (!parsed.success) {
      throw new AppError('invalid-input', 400, `查询条件有误：${parsed.error.issues[0]?.path.join('.')}`);
    }
    const filters = parsed.data;
    const now = deps.now();
    // The due-soon and overdue queues show the nearest (or longest passed) deadline first.
    const order: CaseListOrder =
      filters.overdue === 'true' || filters.dueSoon === 'true' ? 'deadline' : 'newest';
    const records = await repo.listCases({
      scope: visibilityFilter(actor),
      statuses: filters.status,
      category: filters.category,
      department: filters.department,
      overdueAt: filters.overdue === 'true' ? now : undefined,
      dueSoonAt: filters.dueSoon === 'true' ? now : undefined,
      flaggedForOffice: filters.flagged === undefined ? undefined : filters.flagged === 'true',
      text: filters.q,
      createdFrom: filters.from,
      createdTo: filters.to,
      order,
      after: filters.cursor ? decodeCursor(order, filters.cursor) : undefined,
      limit: filters.limit + 1,
    });
    const page = records.slice(0, filters.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((record) => toStaffListItem(record, domain.organisation, now, domain.calendar)),
      nextCursor:
        records.length > filters.limit && last
          ? encodeCursor(order, order === 'deadline' ? last.due!.at : last.createdAt, last.id)
          : null,
    };
  }

  async function getCaseForStaff(actor: Actor, idOrNumber: string) {
    const record = await repo.findCase(idOrNumber, visibilityFilter(actor));
    if (!record) throw caseNotFound();
    return viewForStaff(actor, record);
  }

  /** The detail view of a record the actor may see (e.g. the result of their own action). */
  async function viewForStaff(actor: Actor, record: CaseRecord) {
    const mergedFrom = await repo.listMergedInto(record.trackingNumber);
    return toStaffDetail(record, domain.organisation, actor, deps.now(), mergedFrom, domain.calendar);
  }

  /** Full identity for the parties handling the case only; every reveal is audited. */
  async function revealReporter(actor: Actor, idOrNumber: string, reason: unknown) {
    if (typeof reason !== 'string' || reason.trim().length < 2 || reason.length > 200) {
      throw new AppError('invalid-input', 400, '请说明查看举报人信息的原因。');
    }
    const record = await repo.findCase(idOrNumber, visibilityFilter(actor));
    if (!record) throw caseNotFound();
    if (!mayRevealReporter(actor, record)) {
      throw new AppError('forbidden', 403, '只有承办这个案件的人员可以查看举报人信息。');
    }
    await recordAudit(deps.db, {
      actor,
      action: 'reveal-reporter',
      caseId: record.id,
      trackingNumber: record.trackingNumber,
      reason: reason.trim(),
      at: deps.now(),
    });
    return revealReporterIdentity(deps.dataKey, record.reporter);
  }

  /** A reporter's cases, newest first, by any of their identities (phone, openid, unionid). */
  async function listCasesForReporter(identity: { kind: LookupKind; value: string }, limit = 20) {
    const records = await repo.listCases({
      scope: {},
      reporterKey: lookupHash(deps.dataKey, identity.kind, identity.value),
      limit,
    });
    return records.map((record) => ({
      trackingNumber: record.trackingNumber,
      categoryName: domain.organisation.categories.find((c) => c.code === record.category)?.name,
      description: record.description.slice(0, 60),
      status: record.status,
      statusLabel: toReporterView({ ...record, timeline: [] }, domain.organisation).statusLabel,
      dueAt: record.due?.at,
      createdAt: record.createdAt,
    }));
  }

  /** One case for its reporter: found only when one of their identities is on it. */
  async function getCaseForReporter(identity: { kind: LookupKind; value: string }, trackingNumber: string) {
    const record = await repo.findCase(trackingNumber);
    const key = lookupHash(deps.dataKey, identity.kind, identity.value);
    if (!record || !record.reporterKeys.includes(key)) throw caseNotFound();
    // A merged report is handled as the surviving case: its reporter follows that case's progress.
    const survivor = record.mergedInto ? await repo.findCase(record.mergedInto) : null;
    return {
      ...toReporterView(record, domain.organisation),
      ...(survivor ? { handledAs: toReporterView(survivor, domain.organisation) } : {}),
    };
  }

  return {
    listCasesForStaff,
    getCaseForStaff,
    viewForStaff,
    revealReporter,
    listCasesForReporter,
    getCaseForReporter,
  };
}
