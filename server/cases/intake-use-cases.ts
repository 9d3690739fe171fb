/**
 * Intake (受理): the one way a case enters the system, whatever the channel — chat, mini-program,
 * a hotline call typed in by center staff. Validates, seals the reporter's identity, allocates the
 * tracking number, sets the intake deadlines, checks scope (art. 3) and duplicates (art. 7(2)),
 * and alerts the duty office at once for an emergency.
 */
import { z } from 'zod';
import { AppError } from '../http/app-error';
import {
  isAcceptedPhone,
  sealReporterIdentity,
  type StoredReporterIdentity,
} from '../identity/identity-crypto';
import type { AlertRepository } from '../alerts/alert-repository';
import { describePhoto } from '../photos/data-access/photo-repository';
import type { CaseDeps } from './case-deps';
import { intakeDeadlines } from './domain/case-transitions';
import { DESCRIPTION_MAX_CHARS, DESCRIPTION_MIN_CHARS, HTML_TAG } from './domain/description-rules';
import { suggestAssignment } from './domain/routing';
import { CATEGORY_CODES, CHANNELS, type CaseActor, type CaseEvent } from './domain/case-types';
import type { CaseRecord, IntakeFindings } from './data-access/case-repository';
import type { DuplicateCheck } from './duplicate-check';
import type { createWorkflowUseCases } from './workflow-use-cases';

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}太长了，请控制在${max}个字以内。`)
    .refine((value) => !HTML_TAG.test(value), `${label}里不能包含网页代码。`);

export const submitCaseSchema = z.object({
  channel: z.enum(CHANNELS),
  category: z.enum(CATEGORY_CODES, { error: '请选择问题类别。' }),
  description: text(DESCRIPTION_MAX_CHARS, '问题描述').pipe(
    z.string().min(DESCRIPTION_MIN_CHARS, `请把问题说得具体一些（至少${DESCRIPTION_MIN_CHARS}个字）。`),
  ),
  place: z
    .object({
      address: text(200, '地址').optional(),
      latitude: z.number().min(-90).max(90).optional(),
      longitude: z.number().min(-180).max(180).optional(),
      regionCode: z
        .string()
        .regex(/^\d{6}$/, '行政区划代码应为6位数字。')
        .optional(),
      waterBody: text(100, '河湖名称').optional(),
    })
    .refine(
      (place) => (place.latitude === undefined) === (place.longitude === undefined),
      '经纬度需要同时提供。',
    )
    .default({}),
  /** Ids returned by the photo upload; type and size are read from the store, not trusted. */
  photos: z
    .array(z.string().regex(/^[0-9a-f]{64}$/, '照片编号无效，请重新上传照片。'))
    .max(9, '最多上传9张照片。')
    .default([]),
  reporter: z
    .object({
      anonymous: z.boolean().default(false),
      name: text(50, '姓名').optional(),
      phone: z
        .string()
        .trim()
        .refine(isAcceptedPhone, '电话号码格式不对，请填写手机号或带区号的座机号。')
        .optional(),
      officialAccountOpenid: z.string().max(64).optional(),
      miniprogramOpenid: z.string().max(64).optional(),
      unionid: z.string().max(64).optional(),
      chatUserId: z.string().max(160).optional(),
    })
    .default({ anonymous: false }),
  emergency: z.boolean().default(false),
});

export type SubmitCaseInput = z.input<typeof submitCaseSchema>;

export interface SubmitResult {
  case: CaseRecord;
  /** Set when the report was merged at once into the same reporter's open case. */
  mergedInto?: string;
  outOfScope?: IntakeFindings['outOfScope'];
}

export function parseSubmission(input: unknown) {
  const parsed = submitCaseSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError('invalid-input', 400, first?.message ?? '提交的内容不完整。');
  }
  return parsed.data;
}

/** The keyed hashes that find "my cases" and recognise the same reporter across cases. */
export function reporterKeysOf(reporter: StoredReporterIdentity): string[] {
  return [
    reporter.phone,
    reporter.officialAccountOpenid,
    reporter.miniprogramOpenid,
    reporter.unionid,
    reporter.chatUserId,
  ]
    .filter((value): value is NonNullable<typeof value> => !!value)
    .map((value) => value.hash);
}

export function createIntakeUseCases(
  deps: CaseDeps,
  alerts: AlertRepository,
  duplicates: DuplicateCheck,
  workflow: ReturnType<typeof createWorkflowUseCases>,
) {
  const { repo, domain } = deps;

  async function alertDutyOffice(record: CaseRecord): Promise<void> {
    await alerts.raiseAlertOnce(`${record.id}:emergency`, {
      kind: 'emergency',
      caseId: record.id,
      trackingNumber: record.trackingNumber,
      message: `重特大突发事件线索：${record.trackingNumber}，请立即报部总值班室。`,
      recipients: [{ role: 'office' }, { role: 'center' }],
      createdAt: deps.now(),
    });
    deps.logger.warn({ case: record.trackingNumber }, 'emergency report: duty office alerted');
  }

  async function submitCase(input: unknown, submittedBy: CaseActor): Promise<SubmitResult> {
    const data = parseSubmission(input);
    const photos = await Promise.all([...new Set(data.photos)].map((id) => describePhoto(deps.db, id)));
    if (photos.some((photo) => !photo)) {
      throw new AppError('photo-not-found', 400, '有照片没有上传成功，请重新上传后再提交。');
    }
    const now = deps.now();
    const reporter = sealReporterIdentity(deps.dataKey, data.reporter);
    const reporterKeys = reporterKeysOf(reporter);
    const ctx = { calendar: domain.calendar, rules: domain.deadlineRules, now };
    const { deadlines, due } = intakeDeadlines(data, ctx);

    const findings = await duplicates.check({ ...data, reporterKeys, createdAt: now });
    findings.findings.suggestedAssignment = suggestAssignment(data.category, data.place.regionCode, {
      categoryToDepartment: domain.organisation.categoryToDepartment,
      units: domain.organisation.units,
    });
    const received: CaseEvent = {
      seq: 1,
      type: 'received',
      at: now,
      actor:
        submittedBy.kind === 'staff'
          ? { kind: 'staff', staffId: submittedBy.staffId, role: submittedBy.role }
          : { kind: submittedBy.kind },
      visibleToReporter: true,
      data: { channel: data.channel },
    };
    const timeline: CaseEvent[] = [received];
    if (data.emergency) {
      timeline.push({
        seq: 2,
        type: 'emergency-alert',
        at: now,
        actor: { kind: 'system' },
        visibleToReporter: false,
      });
    }

    let record = await repo.insertCase(
      {
        channel: data.channel,
        category: data.category,
        description: data.description,
        place: data.place,
        photos: photos.filter((photo) => photo !== null),
        reporter,
        reporterKeys,
        emergency: data.emergency,
        status: 'received',
        deadlines,
        due,
        reminderPending: true,
        escalationPending: true,
        returnCount: 0,
        flaggedForOffice: false,
        intakeFindings: findings.findings,
        timeline,
        timelineLength: timeline.length,
      },
      now,
    );

    await deps.onReporterEvent?.(record, received);
    if (data.emergency) await alertDutyOffice(record);
    if (findings.autoMergeInto) {
      record = await workflow.transitionCase(
        record,
        'merge',
        { kind: 'system' },
        {
          mergeInto: findings.autoMergeInto,
          note: `与您此前反映的问题相同，已合并到${findings.autoMergeInto}一并办理。`,
        },
      );
    }
    return { case: record, mergedInto: findings.autoMergeInto, outOfScope: findings.findings.outOfScope };
  }

  return { submitCase };
}
