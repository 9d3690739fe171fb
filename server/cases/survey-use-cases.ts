/**
 * The satisfaction survey (满意度回访, art. 12) for the reporter: the invitation right after a
 * result, the answer from the chat (by the reporter's identity) or from the mini-program link (by
 * the survey token), and the lookups the chat and the survey job need. The rules of each step are
 * in domain/survey-rules.ts.
 *
 * The survey token is the link's only credential: 32 random bytes, of which the case stores the
 * SHA-256 only. The plaintext travels once, in the `survey-invited` event handed to
 * onReporterEvent (`event.data.surveyToken`), for the notification outbox to build the link.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../http/app-error';
import { lookupHash } from '../identity/identity-crypto';
import type { CaseDeps } from './case-deps';
import {
  SURVEY_CHANNELS,
  SURVEY_SATISFACTIONS,
  SURVEY_SOLVED,
  type SurveyAnswer,
  type SurveyChannel,
} from './domain/case-types';
import { HTML_TAG } from './domain/description-rules';
import { findReviewRefusal } from './domain/review-rules';
import { isDissatisfied, needsSurveyInvitation, surveyNotFound } from './domain/survey-rules';
import type { CaseRecord } from './data-access/case-repository';
import { REPORTER, SYSTEM, type FollowUpSteps } from './follow-up-steps';
import type { ReporterIdentity } from './reporter-supplement';
import { caseNotFound } from './workflow-use-cases';

export type { SurveyAnswer } from './domain/case-types';

export const SURVEY_COMMENT_MAX_CHARS = 500;
const TOKEN_BYTES = 32;
/** 32 bytes in base64url, unpadded. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const surveyAnswerSchema = z.object({
  satisfaction: z.enum(SURVEY_SATISFACTIONS, { error: '请选择满意程度：非常满意、满意、基本满意或不满意。' }),
  solved: z.enum(SURVEY_SOLVED, { error: '请选择问题是否解决：已解决、部分解决或未解决。' }),
  stars: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)], {
    error: '请给出1到5星的评分。',
  }),
  comment: z
    .string({ error: '留言请填写文字。' })
    .trim()
    .max(SURVEY_COMMENT_MAX_CHARS, `留言请不要超过${SURVEY_COMMENT_MAX_CHARS}个字。`)
    .refine((text) => !HTML_TAG.test(text), '留言里不能包含网页代码。')
    .optional(),
});

/** The answer as the reporter gave it, or a 400 in plain words naming the first problem. */
export function checkSurveyAnswer(answer: unknown): SurveyAnswer {
  const parsed = surveyAnswerSchema.safeParse(answer ?? {});
  if (!parsed.success) {
    throw new AppError('invalid-input', 400, parsed.error.issues[0]?.message ?? '请填写您的评价。');
  }
  const { comment, ...rest } = parsed.data;
  return comment ? { ...rest, comment } : rest;
}

export function hashSurveyToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function createSurveyUseCases(deps: CaseDeps, steps: FollowUpSteps) {
  const { repo } = deps;

  /** Invites the reporter to rate the case's current result; returns the case as stored. */
  async function inviteSurvey(record: CaseRecord): Promise<CaseRecord> {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    return steps.runStep(
      record.id,
      'invite-survey',
      SYSTEM,
      { surveyTokenHash: hashSurveyToken(token) },
      { notifyData: { surveyToken: token } },
    );
  }

  /**
   * Right after a result: the result stands whatever happens here. A failed invitation is logged,
   * and the survey job invites the case on its next pass.
   */
  async function inviteAfterResult(record: CaseRecord): Promise<CaseRecord> {
    try {
      return await inviteSurvey(record);
    } catch (error) {
      deps.logger.warn({ err: error, case: record.trackingNumber }, 'survey invitation deferred to the job');
      return record;
    }
  }

  /** For the survey job: invites a case whose result got no survey, unless another instance has. */
  async function inviteIfMissing(caseId: string): Promise<boolean> {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const invited = await steps.tryStep(
      caseId,
      'invite-survey',
      { surveyTokenHash: hashSurveyToken(token) },
      needsSurveyInvitation,
      { surveyToken: token },
    );
    return !!invited;
  }

  async function findCaseBySurveyToken(token: string): Promise<CaseRecord | undefined> {
    if (!TOKEN_PATTERN.test(token)) return undefined;
    const [found] = await repo.listCases({ scope: { 'survey.tokenHash': hashSurveyToken(token) }, limit: 1 });
    return found;
  }

  /** The newest case of this reporter whose survey waits for an answer, for the chat to ask. */
  async function findOpenSurvey(identity: ReporterIdentity): Promise<{ trackingNumber: string } | undefined> {
    const [newest] = await repo.listCases({
      scope: { 'survey.state': { $in: ['invited', 'reminded'] } },
      reporterKey: lookupHash(deps.dataKey, identity.kind, identity.value),
      limit: 1,
    });
    return newest ? { trackingNumber: newest.trackingNumber } : undefined;
  }

  async function answerFor(record: CaseRecord, answer: unknown, channel: SurveyChannel) {
    const checked = checkSurveyAnswer(answer);
    if (!SURVEY_CHANNELS.includes(channel)) throw new AppError('invalid-input', 400, '未知的评价渠道。');
    const updated = await steps.runStep(record.id, 'answer-survey', REPORTER, {
      surveyAnswer: { ...checked, channel },
    });
    const ctx = { calendar: deps.domain.calendar, rules: deps.domain.deadlineRules, now: deps.now() };
    // Offer a review only when the reporter could ask for one now (art. 13, within the window).
    return { offerReview: isDissatisfied(checked) && !findReviewRefusal(updated, ctx) };
  }

  /** The reporter's answer from the chat or a signed-in page; a case of someone else is not found. */
  async function answerSurvey(
    identity: ReporterIdentity,
    trackingNumber: string,
    answer: SurveyAnswer,
    channel: SurveyChannel,
  ): Promise<{ offerReview: boolean }> {
    const record = await repo.findCase(trackingNumber);
    if (!record?.reporterKeys.includes(lookupHash(deps.dataKey, identity.kind, identity.value))) {
      throw caseNotFound();
    }
    return answerFor(record, answer, channel);
  }

  /** The answer from the link in the invitation (the mini-program survey page). */
  async function answerSurveyByToken(
    token: string,
    answer: SurveyAnswer,
  ): Promise<{ trackingNumber: string; offerReview: boolean }> {
    const record = await findCaseBySurveyToken(token);
    if (!record) throw surveyNotFound();
    return { trackingNumber: record.trackingNumber, ...(await answerFor(record, answer, 'miniprogram')) };
  }

  return {
    inviteSurvey,
    inviteAfterResult,
    inviteIfMissing,
    findCaseBySurveyToken,
    findOpenSurvey,
    answerSurvey,
    answerSurveyByToken,
  };
}

export type SurveyUseCases = ReturnType<typeof createSurveyUseCases>;
