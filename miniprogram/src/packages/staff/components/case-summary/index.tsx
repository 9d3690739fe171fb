/** What a case is about and where it stands, and its timeline, as staff read them. */
import { Text, View } from '@tarojs/components';
import { formatTime } from '../../../../domain/case-view';
import {
  deadlineText,
  describeActor,
  describeStaffEvent,
  isDeadlineUrgent,
  placeText,
  type StaffCaseDetail,
  type StaffCaseEvent,
} from '../../../../domain/staff-case';
import { DEPARTMENTS, organName, UNITS } from '../../../../domain/staff-organisation';
import CasePhotos from '../case-photos';

function suggestionText(detail: StaffCaseDetail): string | undefined {
  const suggested = detail.intakeFindings?.suggestedAssignment;
  if (!suggested?.department) return undefined;
  return [organName(DEPARTMENTS, suggested.department), organName(UNITS, suggested.unit)]
    .filter(Boolean)
    .join(' / ');
}

function Field({ label, value, id }: { label: string; value?: string; id?: string }) {
  if (!value) return null;
  return (
    <View className='staff-field'>
      <Text className='staff-field__label'>{label}</Text>
      <Text id={id}>{value}</Text>
    </View>
  );
}

export function CaseSummary({ detail }: { detail: StaffCaseDetail }) {
  const assignment = detail.assignment
    ? [detail.assignment.departmentName, detail.assignment.unitName].filter(Boolean).join(' / ')
    : undefined;
  const pending = detail.extension?.pending;
  const review = detail.reviews?.at(-1);
  return (
    <View className='card'>
      <View className='staff-row'>
        <Text id='case-number' className='queue-item__number'>
          {detail.trackingNumber}
        </Text>
        <Text id='case-status' className='status-tag'>
          {detail.statusLabel}
        </Text>
      </View>
      {detail.emergency && <Text className='error-text'>重特大突发事件线索，请立即处理。</Text>}
      {detail.flaggedForOffice && <Text className='error-text'>已多次退回，请办公厅研究确定承办单位。</Text>}
      <Field label='问题类别' value={detail.categoryName ?? detail.category} />
      <View className='staff-field'>
        <Text className='staff-field__label'>办理期限</Text>
        <Text id='case-deadline' className={isDeadlineUrgent(detail) ? 'deadline is-urgent' : 'deadline'}>
          {deadlineText(detail)}
          {detail.due ? `（${formatTime(detail.due.at).slice(0, 10)}）` : ''}
        </Text>
      </View>
      <Field label='问题描述' value={detail.description} id='case-description' />
      <Field label='地点' value={placeText(detail.place)} id='case-place' />
      <CasePhotos photos={detail.photos} />
      <Field label='承办单位' value={assignment} />
      <Field label='按分办规则建议承办' value={detail.assignment ? undefined : suggestionText(detail)} />
      <Field label='可向以下渠道反映' value={detail.intakeFindings?.outOfScope?.referral} />
      <Field
        label='待审批的延期申请'
        value={pending ? `${pending.workingDays}个工作日：${pending.reason}` : undefined}
      />
      <Field label='合并到' value={detail.mergedInto} />
      <Field label='已合并进来的举报' value={detail.mergedFrom.join('、') || undefined} />
      <Field label='办理结果' value={detail.resolution?.summary} id='case-resolution' />
      <Field
        label='不予受理'
        value={detail.rejection ? `${detail.rejection.reason}（${detail.rejection.referral}）` : undefined}
      />
      <Field
        label='举报人评价'
        value={
          detail.survey?.answer
            ? [
                detail.survey.answer.satisfactionLabel,
                detail.survey.answer.solvedLabel,
                detail.survey.answer.comment,
              ]
                .filter(Boolean)
                .join('，')
            : undefined
        }
      />
      <Field
        label='复查申请'
        value={
          review ? [review.reason, review.outcomeLabel, review.note].filter(Boolean).join('；') : undefined
        }
      />
    </View>
  );
}

export function StaffTimeline({ events }: { events: readonly StaffCaseEvent[] }) {
  if (events.length === 0) return <Text className='muted'>暂时还没有办理记录。</Text>;
  return (
    <View id='case-timeline'>
      {[...events].reverse().map((event) => (
        <View key={event.seq} className='timeline-step'>
          <Text className='timeline-step__title'>
            {describeStaffEvent(event.type)}
            {event.visibleToReporter ? '' : '（内部）'}
          </Text>
          <Text className='muted'>
            {formatTime(event.at)} · {describeActor(event.actor)}
          </Text>
          {event.note && <Text className='staff-text'>{event.note}</Text>}
        </View>
      ))}
    </View>
  );
}
