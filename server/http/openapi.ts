/**
 * The OpenAPI description served at /api/v1/openapi.json. Request bodies come from the same zod
 * schemas the routes validate with, so the description cannot drift from the checks; a test
 * fails when a mounted route is missing here.
 */
import Router from '@koa/router';
import { z } from 'zod';
import { botTurnSchema } from '../bot-api/bot-router';
import { actionBodySchema } from '../cases/case-router';
import { submitCaseSchema } from '../cases/intake-use-cases';
import { STAFF_ACTIONS } from '../cases/domain/transition-rules';
import { reviewRequestBodySchema } from '../cases/survey-router';
import { surveyAnswerSchema } from '../cases/survey-use-cases';
import { loginSchema, newStaffSchema } from '../staff/staff-input';
import {
  citizenCaseSchema,
  citizenLoginSchema,
  citizenReviewSchema,
  phoneCodeSchema,
  sandboxLoginSchema,
  subscriptionsSchema,
  supplementSchema,
} from '../citizens/citizen-input';

type Operation = { summary: string; roles?: string; body?: z.ZodType; raw?: string; query?: string[] };

const bearer = [{ bearerAuth: [] }];
const json = (schema: z.ZodType) => ({
  content: {
    'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) },
  },
});

/** Route → method → what it does. Paths use OpenAPI's {param} form. */
export const API_OPERATIONS: Record<string, Record<string, Operation>> = {
  '/healthz': {
    get: { summary: 'Health: 200 {status, db}, 503 when the database does not answer within 1 s' },
  },
  '/metrics': { get: { summary: 'Prometheus metrics' } },
  '/api/v1/openapi.json': { get: { summary: 'This description' } },
  '/api/v1/auth/login': {
    post: { summary: 'Staff login → {token}; also sets an http-only cookie', body: loginSchema },
  },
  '/api/v1/auth/logout': { post: { summary: 'End the session', roles: 'any staff' } },
  '/api/v1/auth/me': { get: { summary: 'The signed-in staff member', roles: 'any staff' } },
  '/api/v1/staff': {
    get: { summary: 'List staff accounts', roles: 'admin' },
    post: { summary: 'Create a staff account', roles: 'admin', body: newStaffSchema },
  },
  '/api/v1/audit': {
    get: {
      summary: 'Audit log (reveals, logins, account changes)',
      roles: 'office, admin',
      query: ['action', 'caseId', 'trackingNumber', 'staffId', 'from', 'to', 'limit', 'cursor'],
    },
  },
  '/api/v1/cases': {
    get: {
      summary:
        'Cases visible to the caller (a department its own, a unit its own), newest first; with overdue or dueSoon, nearest deadline first. q is a text in the description, or a tracking number (SL and at least its 8-digit day)',
      roles: 'any staff',
      query: [
        'status',
        'category',
        'department',
        'overdue',
        'dueSoon',
        'flagged',
        'q',
        'from',
        'to',
        'limit',
        'cursor',
      ],
    },
    post: {
      summary: 'Enter a hotline call as a case (channel hotline)',
      roles: 'center',
      body: submitCaseSchema.omit({ channel: true }),
    },
  },
  '/api/v1/cases/{id}': {
    get: { summary: 'Case detail by id or tracking number (reporter masked)', roles: 'any staff' },
  },
  '/api/v1/cases/{id}/duplicates': {
    get: { summary: 'Duplicate candidates, best first', roles: 'center, office' },
  },
  '/api/v1/cases/{id}/reporter/reveal': {
    post: {
      summary: 'Full reporter identity for the parties handling the case; audited',
      roles: 'center; the assigned department or unit',
      body: z.object({ reason: z.string() }),
    },
  },
  '/api/v1/cases/{id}/actions/{action}': {
    post: {
      summary: `Workflow action: ${STAFF_ACTIONS.join(', ')}. Illegal → 409`,
      roles:
        'by action (see the transition table); forward-review: center; decide-review ({outcome, note}): the department or office the review was forwarded to',
      body: actionBodySchema,
    },
  },
  '/api/v1/surveys/{token}': {
    post: {
      summary:
        'Answer the satisfaction survey; the token from the invitation link is the credential → {trackingNumber, offerReview}; unknown token 404, answered or closed 409',
      body: surveyAnswerSchema,
    },
  },
  '/api/v1/surveys/{token}/review': {
    post: {
      summary:
        'Ask for a review (复查) of the surveyed result, within the window → 201 {trackingNumber, dueAt}',
      body: reviewRequestBodySchema,
    },
  },
  '/api/v1/figures': {
    get: {
      summary:
        'Oversight figures for a period (days in Beijing time; default the last 30 days, at most 366): received, results on time or late, overdue now, survey answers and the share satisfied',
      roles: 'office, admin',
      query: ['from', 'to'],
    },
  },
  '/api/v1/alerts': {
    get: { summary: 'Reminders, escalations and emergencies for the caller', roles: 'any staff' },
  },
  '/api/v1/photos': {
    post: {
      summary: 'Upload a photo (raw image body); metadata is stripped',
      roles: 'any staff',
      raw: 'image/jpeg, image/png, image/webp',
    },
  },
  '/api/v1/photos/{id}': { get: { summary: 'A photo of a case the caller may see', roles: 'any staff' } },
  '/api/v1/knowledge': {
    get: {
      summary: 'Search (q) or page the published knowledge base; ?view=editor for staff',
      query: ['q', 'view', 'category', 'limit', 'cursor'],
    },
    post: { summary: 'Create an entry', roles: 'center, office, admin' },
  },
  '/api/v1/knowledge/{id}': {
    get: { summary: 'One published entry (editor view for staff)' },
    put: { summary: 'Update an entry (send its version)', roles: 'center, office, admin' },
    delete: { summary: 'Unpublish an entry', roles: 'center, office, admin' },
  },
  '/api/v1/cases/{id}/notifications': {
    get: {
      summary: 'What the reporter of a visible case was told: channel, outcome, reasons, delivery receipt',
      roles: 'any staff',
    },
  },
  '/api/v1/dev/outbox': {
    get: {
      summary: 'Sandbox only (404 otherwise): WeChat messages the stand-in accepted, newest first',
      roles: 'admin',
      query: ['limit'],
    },
  },
  '/wechat/callback': {
    get: { summary: 'WeChat server URL verification: echostr when the signature is valid, else 401' },
    post: {
      summary: 'WeChat messages and events (plaintext, compatible or safe mode) → passive reply',
      raw: 'text/xml',
    },
  },
  '/api/v1/citizen/login': {
    post: {
      summary: 'Mini-program login: the wx.login code → {token} (30 days); unknown or used code 401',
      body: citizenLoginSchema,
    },
  },
  '/api/v1/citizen/sandbox-login': {
    post: {
      summary: 'Sandbox or no mini program only (404 otherwise): a device id stands in for WeChat → {token}',
      body: sandboxLoginSchema,
    },
  },
  '/api/v1/citizen/photos': {
    post: {
      summary:
        'Upload a photo (multipart field `photo`, or the raw image body); metadata is stripped → 201 {photoId}',
      roles: 'citizen token',
      raw: 'multipart/form-data, image/jpeg, image/png, image/webp',
    },
  },
  '/api/v1/citizen/cases': {
    get: { summary: "The citizen's own cases, newest first", roles: 'citizen token' },
    post: {
      summary: 'File a case (channel miniprogram) → 201 {trackingNumber, status}',
      roles: 'citizen token',
      body: citizenCaseSchema,
    },
  },
  '/api/v1/citizen/cases/{trackingNumber}': {
    get: { summary: "One of the citizen's own cases (anyone else's is 404)", roles: 'citizen token' },
  },
  '/api/v1/citizen/cases/{trackingNumber}/supplement': {
    post: {
      summary: 'Add the information staff asked for (case in needs_info)',
      roles: 'citizen token',
      body: supplementSchema,
    },
  },
  '/api/v1/citizen/cases/{trackingNumber}/survey': {
    post: {
      summary: 'Answer the satisfaction survey → {trackingNumber, offerReview}',
      roles: 'citizen token',
      body: surveyAnswerSchema,
    },
  },
  '/api/v1/citizen/cases/{trackingNumber}/review': {
    post: {
      summary: 'Ask for a review (复查) of the result → 201 {trackingNumber, dueAt}',
      roles: 'citizen token',
      body: citizenReviewSchema,
    },
  },
  '/api/v1/citizen/subscriptions': {
    post: {
      summary: 'Templates accepted in wx.requestSubscribeMessage → {recorded}',
      roles: 'citizen token',
      body: subscriptionsSchema,
    },
  },
  '/api/v1/citizen/settings': {
    get: { summary: 'Public: the subscription templates to ask for (at most 3) and the hotline' },
  },
  '/api/v1/citizen/signboards/{id}': {
    get: {
      summary: "Public: a river-chief signboard's river, county and coordinates (QR scene); 404 unknown",
    },
  },
  '/api/v1/citizen/phone': {
    post: {
      summary: "The getPhoneNumber button's code → {phone, countryCode} for the form (not stored)",
      roles: 'citizen token',
      body: phoneCodeSchema,
    },
  },
  '/api/v1/citizen/knowledge': {
    get: { summary: 'Search the published knowledge base (public)', query: ['q', 'limit'] },
  },
  '/api/v1/bot/turns': {
    post: {
      summary: 'One chat message from the Wechaty process → {replies}',
      roles: 'bot token',
      body: botTurnSchema,
    },
  },
  '/api/v1/bot/photos': {
    post: {
      summary: 'A photo sent in a Wechaty chat (raw image body) → {photoId}',
      roles: 'bot token',
      raw: 'image/jpeg, image/png, image/webp',
    },
  },
};

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, operations] of Object.entries(API_OPERATIONS)) {
    paths[path] = {};
    for (const [method, operation] of Object.entries(operations)) {
      paths[path][method] = {
        summary: operation.summary,
        ...(operation.roles ? { security: bearer, description: `Roles: ${operation.roles}` } : {}),
        ...(operation.query
          ? { parameters: operation.query.map((name) => ({ name, in: 'query', required: false })) }
          : {}),
        ...(operation.body ? { requestBody: json(operation.body) } : {}),
        ...(operation.raw ? { requestBody: { content: { [operation.raw]: {} } } } : {}),
        responses: { default: { description: 'Success, or {"error":{"code","message"}}' } },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: '12314 监督举报 — WeChat side', version: '1' },
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}

export function createOpenApiRouter(): Router {
  const router = new Router();
  const document = buildOpenApiDocument();
  router.get('/api/v1/openapi.json', (ctx) => {
    ctx.body = document;
  });
  return router;
}
