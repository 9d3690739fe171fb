/**
 * The report form. It holds what the citizen typed until a submit succeeds, so a failed submit
 * (network, server refusal) keeps everything; a second tap while sending does nothing.
 */
import { Button, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import { useRef, useState } from 'react';
import { CATEGORIES, findCategory, type CategoryCode } from '../../domain/categories';
import {
  countChars,
  DESCRIPTION_MAX_CHARS,
  DESCRIPTION_MIN_CHARS,
  EMPTY_FORM,
  hasErrors,
  toSubmission,
  validateReportForm,
  type CaseSubmission,
  type FormErrors,
  type ReportForm as Form,
} from '../../domain/report-form';
import './index.scss';

export interface ReportFormProps {
  initialCategory?: CategoryCode;
  /** Resolves when the case is filed; rejects with an Error whose message the citizen can read. */
  onSubmit: (submission: CaseSubmission) => Promise<void>;
}

export default function ReportForm({ initialCategory, onSubmit }: ReportFormProps) {
  const [form, setForm] = useState<Form>({ ...EMPTY_FORM, category: initialCategory ?? '' });
  const [errors, setErrors] = useState<FormErrors>({});
  const [failure, setFailure] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const sending = useRef(false);

  const update = (patch: Partial<Form>) => setForm((current) => ({ ...current, ...patch }));
  const category = findCategory(form.category);
  const chars = countChars(form.description);
  const charsOk = chars >= DESCRIPTION_MIN_CHARS && chars <= DESCRIPTION_MAX_CHARS;

  async function submit() {
    if (sending.current) return;
    const found = validateReportForm(form);
    setErrors(found);
    setFailure('');
    if (hasErrors(found)) return;
    sending.current = true;
    setSubmitting(true);
    try {
      await onSubmit(toSubmission(form));
    } catch (error) {
      setFailure(error instanceof Error ? error.message : '提交没有成功，请稍后再试。');
    } finally {
      sending.current = false;
      setSubmitting(false);
    }
  }

  return (
    <View className='report-form'>
      <View className='card'>
        <Text className='report-form__label'>问题类别（必选）</Text>
        <Picker
          id='category'
          mode='selector'
          range={CATEGORIES.map((c) => c.name)}
          value={Math.max(0, CATEGORIES.findIndex((c) => c.code === form.category))}
          onChange={(e) => update({ category: CATEGORIES[Number(e.detail.value)]?.code ?? '' })}
        >
          <View className='report-form__picker'>{category ? category.name : '请点这里选择'}</View>
        </Picker>
        {category && <Text className='muted'>{category.hint}</Text>}
        {errors.category && <Text className='error-text'>{errors.category}</Text>}
      </View>

      <View className='card'>
        <Text className='report-form__label'>问题描述（必填）</Text>
        <Textarea
          id='description'
          className='report-form__textarea'
          value={form.description}
          maxlength={-1}
          placeholder='请写明发生了什么、在什么地方、持续多久了'
          onInput={(e) => update({ description: e.detail.value })}
        />
        <Text id='description-count' className={charsOk ? 'report-form__count' : 'report-form__count is-bad'}>
          {chars}/{DESCRIPTION_MAX_CHARS}字（至少{DESCRIPTION_MIN_CHARS}字）
        </Text>
        {errors.description && <Text className='error-text'>{errors.description}</Text>}
      </View>

      <View className='card'>
        <Text className='report-form__label'>问题所在地点（选填）</Text>
        <Input
          id='address'
          className='report-form__input'
          value={form.address}
          placeholder='例如：某县某镇某村，某河段东岸'
          onInput={(e) => update({ address: e.detail.value })}
        />
        {errors.address && <Text className='error-text'>{errors.address}</Text>}
      </View>

      <View className='card'>
        <View className='report-form__row'>
          <Text className='report-form__label'>匿名举报</Text>
          <Switch id='anonymous' checked={form.anonymous} onChange={(e) => update({ anonymous: e.detail.value })} />
        </View>
        {form.anonymous ? (
          <Text className='muted'>匿名举报不留联系方式，办理结果可在“我的举报”中查看。</Text>
        ) : (
          <View>
            <Text className='report-form__label'>联系电话（选填，方便我们向您核实情况）</Text>
            <Input
              id='phone'
              className='report-form__input'
              type='number'
              value={form.phone}
              placeholder='手机号或带区号的座机号'
              onInput={(e) => update({ phone: e.detail.value })}
            />
            {errors.phone && <Text className='error-text'>{errors.phone}</Text>}
          </View>
        )}
      </View>

      {failure && (
        <Text id='submit-failure' className='error-text report-form__failure'>
          {failure}
        </Text>
      )}
      <Button id='submit' className='primary-button' loading={submitting} disabled={submitting} onClick={submit}>
        {submitting ? '正在提交，请稍候…' : '提交'}
      </Button>
      <Text className='muted report-form__privacy'>我们依法保护举报人的个人信息，不会向被举报方透露。</Text>
    </View>
  );
}
