/**
 * The inline form of one workflow action: the fields it needs, prefilled with what the case
 * suggests, checked before sending. A second tap while sending does nothing; a refusal (a 409
 * when someone else changed the case first) is shown as the server words it.
 */
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import {
  ACTION_FIELDS,
  ACTION_LABELS,
  fieldLabel,
  hasActionErrors,
  prefillActionForm,
  REVIEW_OUTCOMES,
  toActionBody,
  validateActionForm,
  type ActionBody,
  type ActionErrors,
  type ActionField,
  type ActionForm as Form,
  type StaffAction,
} from '../../../../domain/staff-actions';
import type { DuplicateCandidate, StaffCaseDetail } from '../../../../domain/staff-case';
import { DEPARTMENTS, organName, UNITS } from '../../../../domain/staff-organisation';
import KnowledgePicker from '../knowledge-picker';
import { useSendOnce } from '../../../../hooks/use-send-once';
import './index.scss';

export interface ActionFormProps {
  action: StaffAction;
  detail: StaffCaseDetail;
  candidates: readonly DuplicateCandidate[];
  /** The merge target chosen beside a duplicate candidate, if the form was opened from there. */
  mergeInto?: string;
  /** Resolves when the action is stored; rejects with an Error whose message staff can read. */
  onSubmit: (body: ActionBody) => Promise<void>;
  onCancel: () => void;
}

const TEXT_FIELDS: readonly ActionField[] = ['note', 'reason', 'referral', 'summary', 'answer'];
const fieldId = (field: ActionField) => `action-${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
const NO_UNIT = '不指定（由承办司局安排）';

export default function ActionForm({
  action,
  detail,
  candidates,
  mergeInto,
  onSubmit,
  onCancel,
}: ActionFormProps) {
  const [form, setForm] = useState<Form>(() => ({
    ...prefillActionForm(action, detail, candidates),
    ...(mergeInto ? { mergeInto } : {}),
  }));
  const [errors, setErrors] = useState<ActionErrors>({});
  const [failure, setFailure] = useState('');
  const { sending, busy, run } = useSendOnce();
  const update = (patch: Partial<Form>) => setForm((current) => ({ ...current, ...patch }));

  async function confirm() {
    if (busy()) return;
    const found = validateActionForm(action, form);
    setErrors(found);
    setFailure('');
    if (hasActionErrors(found)) return;
    await run(async () => {
      try {
        await onSubmit(toActionBody(action, form, detail.version));
      } catch (error) {
        setFailure(error instanceof Error ? error.message : '操作没有成功，请稍后再试。');
      }
    });
  }

  function renderInput(field: ActionField) {
    if (TEXT_FIELDS.includes(field)) {
      return (
        <Textarea
          id={fieldId(field)}
          className='action-form__textarea'
          value={form[field]}
          maxlength={-1}
          placeholder={`请填写${fieldLabel(action, field)}`}
          onInput={(e) => update({ [field]: e.detail.value })}
        />
      );
    }
    if (field === 'workingDays') {
      return (
        <Input
          id='action-working-days'
          className='action-form__input'
          type='number'
          value={form.workingDays}
          placeholder='例如：10'
          onInput={(e) => update({ workingDays: e.detail.value })}
        />
      );
    }
    if (field === 'department') {
      const index = DEPARTMENTS.findIndex((d) => d.code === form.department);
      return (
        <Picker
          id='action-department'
          mode='selector'
          range={DEPARTMENTS.map((d) => d.name)}
          value={Math.max(0, index)}
          onChange={(e) => update({ department: DEPARTMENTS[Number(e.detail.value)]?.code ?? '' })}
        >
          <View className='action-form__input'>
            {index >= 0 ? organName(DEPARTMENTS, form.department) : '请点这里选择'}
          </View>
        </Picker>
      );
    }
    if (field === 'unit') {
      const index = UNITS.findIndex((u) => u.code === form.unit);
      return (
        <Picker
          id='action-unit'
          mode='selector'
          range={[NO_UNIT, ...UNITS.map((u) => u.name)]}
          value={index + 1}
          onChange={(e) => update({ unit: UNITS[Number(e.detail.value) - 1]?.code ?? '' })}
        >
          <View className='action-form__input'>{index >= 0 ? organName(UNITS, form.unit) : NO_UNIT}</View>
        </Picker>
      );
    }
    if (field === 'mergeInto') {
      if (candidates.length === 0) {
        return (
          <Input
            id='action-merge-into'
            className='action-form__input'
            value={form.mergeInto}
            placeholder='请填写要合并到的案件编号（SL开头）'
            onInput={(e) => update({ mergeInto: e.detail.value.trim() })}
          />
        );
      }
      const index = candidates.findIndex((c) => c.trackingNumber === form.mergeInto);
      return (
        <Picker
          id='action-merge-into'
          mode='selector'
          range={candidates.map((c) => c.trackingNumber)}
          value={Math.max(0, index)}
          onChange={(e) => update({ mergeInto: candidates[Number(e.detail.value)]?.trackingNumber ?? '' })}
        >
          <View className='action-form__input'>{index >= 0 ? form.mergeInto : '请点这里选择'}</View>
        </Picker>
      );
    }
    const index = REVIEW_OUTCOMES.findIndex((o) => o.code === form.outcome);
    return (
      <Picker
        id='action-outcome'
        mode='selector'
        range={REVIEW_OUTCOMES.map((o) => o.label)}
        value={Math.max(0, index)}
        onChange={(e) => update({ outcome: REVIEW_OUTCOMES[Number(e.detail.value)]?.code ?? '' })}
      >
        <View className='action-form__input'>
          {index >= 0 ? REVIEW_OUTCOMES[index]?.label : '请点这里选择'}
        </View>
      </Picker>
    );
  }

  const pending = detail.extension?.pending;
  return (
    <View className='card action-form'>
      <Text className='section-title'>{ACTION_LABELS[action]}</Text>
      {action === 'approve-extension' && pending && (
        <Text className='action-form__hint'>
          申请延期{pending.workingDays}个工作日。理由：{pending.reason}
        </Text>
      )}
      {ACTION_FIELDS[action].length === 0 && action !== 'approve-extension' && (
        <Text className='action-form__hint'>请确认要对这个案件进行“{ACTION_LABELS[action]}”。</Text>
      )}
      {action === 'answer' && (
        <KnowledgePicker onPick={(entry) => update({ answer: entry.answer, knowledgeEntryId: entry.id })} />
      )}
      {ACTION_FIELDS[action].map((field) => (
        <View key={field} className='action-form__field'>
          <Text className='action-form__label'>{fieldLabel(action, field)}</Text>
          {renderInput(field)}
          {errors[field] && <Text className='error-text'>{errors[field]}</Text>}
        </View>
      ))}
      {failure && (
        <Text id='action-failure' className='error-text action-form__failure'>
          {failure}
        </Text>
      )}
      {/* No `loading` spinner: toggling it with the label trips Stencil's slot handling in H5. */}
      <Button id='action-confirm' className='primary-button' disabled={sending} onClick={confirm}>
        {sending ? '正在提交，请稍候…' : `确认${ACTION_LABELS[action]}`}
      </Button>
      <Button id='action-cancel' className='secondary-button' disabled={sending} onClick={onCancel}>
        取消
      </Button>
    </View>
  );
}
