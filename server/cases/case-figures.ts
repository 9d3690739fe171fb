/**
 * The general office's figures for a period (rules art. 14, the quarterly report): reports
 * received, results given on time or late against the deadline stored on the case, cases overdue
 * now, and what reporters answered in the satisfaction survey.
 *
 * Results and surveys are counted in code over a small projection streamed from the database:
 * "on time" compares two fields of a case, which needs $expr, and FerretDB 1.24 has none. The
 * period is capped at a year, so the rows read are bounded by what a year brings in.
 */
import { z } from 'zod';
import { AppError } from '../http/app-error';
import type { CaseRepository } from './data-access/case-repository';
import { SATISFACTION_LABELS, SURVEY_SATISFACTIONS, type SurveySatisfaction } from './domain/case-types';

export const MAX_PERIOD_DAYS = 366;
const DAY_MS = 24 * 3600 * 1000;
const DEFAULT_PERIOD_DAYS = 30;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export const figuresQuerySchema = z.object({
  /** A day (2026-10-01, Beijing time) or an ISO time; default 30 days before `to`. */
  from: z.string().max(40).optional(),
  /** A day (the whole day counts, Beijing time) or an ISO time; default now. */
  to: z.string().max(40).optional(),
});

export interface Period {
  from: Date;
  to: Date;
}

const badPeriod = (message: string) => new AppError('invalid-input', 400, message);

function parseBound(value: string, edge: 'start' | 'end'): Date {
  const date = DATE_ONLY.test(value)
    ? new Date(`${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}+08:00`)
    : new Date(value);
  if (Number.isNaN(date.getTime())) throw badPeriod('统计时段的日期格式不对，请写成 2026-10-01 这样的格式。');
  return date;
}

/** The period asked for, checked; days are whole Beijing days because the office reports by day. */
export function resolvePeriod(query: unknown, now: Date): Period {
  const parsed = figuresQuerySchema.safeParse(query ?? {});
  if (!parsed.success) throw badPeriod('统计时段有误，请重新选择开始和结束日期。');
  const to = parsed.data.to ? parseBound(parsed.data.to, 'end') : now;
  const from = parsed.data.from
    ? parseBound(parsed.data.from, 'start')
    : new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
  if (from > to) throw badPeriod('开始日期不能晚于结束日期。');
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS) {
    throw badPeriod(`统计时段最长${MAX_PERIOD_DAYS}天，请缩短时段。`);
  }
  return { from, to };
}

interface ResultRow {
  resolution?: { at?: Date };
  deadlines?: { handle?: Date; answer?: Date };
}

/**
 * A result is on time when it came by the deadline the case worked against: the handling
 * deadline (which an approved extension moves), or for a consultation answered at intake the
 * answer deadline. Every path to a result sets one of them; a case with neither missed nothing.
 */
export function isOnTime(row: ResultRow): boolean {
  const at = row.resolution?.at;
  const deadline = row.deadlines?.handle ?? row.deadlines?.answer;
  return !at || !deadline || new Date(at) <= new Date(deadline);
}

export interface SatisfactionSummary {
  answered: number;
  answers: { satisfaction: SurveySatisfaction; label: string; count: number }[];
  /** 非常满意 + 满意 + 基本满意, as a share of the answers (0–1, 4 places); null with no answers. */
  satisfiedShare: number | null;
}

export function summariseSatisfaction(answers: readonly SurveySatisfaction[]): SatisfactionSummary {
  const counts = new Map<SurveySatisfaction, number>(SURVEY_SATISFACTIONS.map((s) => [s, 0]));
  for (const answer of answers) if (counts.has(answer)) counts.set(answer, (counts.get(answer) ?? 0) + 1);
  const answered = [...counts.values()].reduce((sum, count) => sum + count, 0);
  const satisfied = answered - (counts.get('dissatisfied') ?? 0);
  return {
    answered,
    answers: SURVEY_SATISFACTIONS.map((satisfaction) => ({
      satisfaction,
      label: SATISFACTION_LABELS[satisfaction],
      count: counts.get(satisfaction) ?? 0,
    })),
    satisfiedShare: answered === 0 ? null : Math.round((satisfied / answered) * 10000) / 10000,
  };
}

export function createCaseFigures(deps: { repo: CaseRepository; now: () => Date }) {
  const Case = deps.repo.model;

  async function countResults(period: Period) {
    const closed = { total: 0, onTime: 0, late: 0 };
    const rows = Case.find({ 'resolution.at': { $gte: period.from, $lte: period.to } })
      .select({ resolution: 1, deadlines: 1 })
      .lean()
      .cursor({ batchSize: 500 });
    for await (const row of rows) {
      closed.total += 1;
      if (isOnTime(row as ResultRow)) closed.onTime += 1;
      else closed.late += 1;
    }
    return closed;
  }

  async function listSurveyAnswers(period: Period): Promise<SurveySatisfaction[]> {
    const answers: SurveySatisfaction[] = [];
    const rows = Case.find({ 'survey.answer.at': { $gte: period.from, $lte: period.to } })
      .select({ survey: 1 })
      .lean()
      .cursor({ batchSize: 500 });
    for await (const row of rows) {
      const satisfaction = (row as { survey?: { answer?: { satisfaction?: SurveySatisfaction } } }).survey
        ?.answer?.satisfaction;
      if (satisfaction) answers.push(satisfaction);
    }
    return answers;
  }

  /** The figures for GET /api/v1/figures; the office and admins see every case. */
  async function countFigures(query: unknown) {
    const now = deps.now();
    const period = resolvePeriod(query, now);
    const [received, closed, overdue, answers] = await Promise.all([
      Case.countDocuments({ createdAt: { $gte: period.from, $lte: period.to } }),
      countResults(period),
      // The same test as the overdue queue (?overdue=true): the current deadline has passed.
      Case.countDocuments({ 'due.at': { $lt: now } }),
      listSurveyAnswers(period),
    ]);
    return {
      period: { from: period.from.toISOString(), to: period.to.toISOString() },
      received,
      closed,
      overdue,
      satisfaction: summariseSatisfaction(answers),
      countedAt: now.toISOString(),
    };
  }

  return { countFigures };
}

export type CaseFigures = ReturnType<typeof createCaseFigures>;
