/**
 * GET /api/v1/audit: the audit log for the general office (oversight) and admins, newest first,
 * filtered by action, case, tracking number, staff member or time, paged with a cursor.
 */
import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { requireRoles } from '../staff/auth-middleware';
import { parseInput } from '../staff/staff-input';
import { listAudit } from './audit-repository';

const optionalText = z
  .string({ error: '须为一个文字值' })
  .trim()
  .min(1, '不能为空')
  .max(100, '太长了')
  .optional();
const optionalTime = z.iso
  .datetime({ offset: true, error: '须为 ISO 8601 时间，例如 2025-01-31T08:00:00+08:00' })
  .transform((value) => new Date(value))
  .optional();

const auditQuerySchema = z.object({
  action: optionalText,
  caseId: optionalText,
  trackingNumber: optionalText,
  staffId: optionalText,
  from: optionalTime,
  to: optionalTime,
  limit: z.coerce
    .number({ error: '须为数字' })
    .int('须为整数')
    .min(1, '至少为1')
    .max(200, '不能超过200')
    .default(50),
  cursor: z.string({ error: '须为一个文字值' }).max(200, '太长了').optional(),
});

export function createAuditRouter({
  db,
  authenticate,
}: {
  db: Connection;
  authenticate: Middleware;
}): Router {
  const router = new Router();
  router.get('/api/v1/audit', authenticate, requireRoles('office', 'admin'), async (ctx) => {
    const { limit, cursor, ...filters } = parseInput(auditQuerySchema, ctx.query);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await listAudit(db, filters, { limit, cursor });
  });
  return router;
}
