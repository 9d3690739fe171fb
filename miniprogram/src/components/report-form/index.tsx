/**
 * The report form. It holds what the citizen typed and chose until a submit succeeds, so a failed
 * submit (network, server refusal) keeps everything; a second tap while sending does nothing.
 * Photos, place and contact are their own components; this file checks and sends.
 */
import { Button, Picker, Text, Textarea, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { clearDraft, loadDraft, saveDraft } from '../../api/report-draft-store';
import { CATEGORIES, findCategory, type CategoryCode } from '../../domain/categories';
import { photoProblem, uploadedIds, type PickedPhoto } from '../../domain/photo-list';
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
import { applySignboard, type Signboard } from '../../domain/signboard';
import ContactFields from '../contact-fields';
import PhotoPicker from '../photo-picker';
import PlacePicker from '../place-picker';
import { useSendOnce } from '../../hooks/use-send-once';
import './index.scss';

export interface ReportFormProps {
  initialCategory?: CategoryCode;
  /** A scanned signboard: its place fills the empty place fields. */
  signboard?: Signboard;
  signboardError?: string;
  /**
   * Called first thing on a valid submit, inside the tap (WeChat's subscription dialog needs
   * that). Whatever it does, and even if it fails, the report is sent afterwards.
   */
  beforeSubmit?: () => Promise<void>;
  /** Resolves when the case is filed; rejects with an Error whose message the citizen can read. */
  onSubmit: (submission: CaseSubmission) => Promise<void>;
}

export default function ReportForm({
  initialCategory,
  signboard,
  signboardError,
  beforeSubmit,
  onSubmit,
}: ReportFormProps) {
  // What was typed last time and not sent comes back; a category tile tapped now still counts.
  const [restored] = useState(loadDraft);
  const [form, setForm] = useState<Form>(() =>
    restored
      ? { ...restored, category: initialCategory ?? restored.category }
      : { ...EMPTY_FORM, category: initialCategory ?? '' },
  );
  const [showRestored, setShowRestored] = useState(restored !== undefined);
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [errors, setErrors] = useState<FormErrors>({});
  const [failure, setFailure] = useState('');
  const { sending: submitting, busy, run } = useSendOnce();

  const update = (patch: Partial<Form>) => setForm((current) => ({ ...current, ...patch }));
  const category = findCategory(form.category);
  const chars = countChars(form.description);
  const charsOk = chars >= DESCRIPTION_MIN_CHARS && chars <= DESCRIPTION_MAX_CHARS;

  useEffect(() => {
    if (signboard) setForm((current) => applySignboard(current, signboard));
  }, [signboard]);

  useEffect(() => saveDraft(form), [form]);

  function startAfresh() {
    clearDraft();
    setForm({ ...EMPTY_FORM, category: initialCategory ?? '' });
    setShowRestored(false);
  }

  async function submit() {
    if (busy()) return;
    const found = validateReportForm(form);
    const photoError = photoProblem(photos);
    setErrors(found);
    setFailure(photoError ?? (hasErrors(found) ? '有几处需要修改，请看上面的红字提示。' : ''));
    if (hasErrors(found) || photoError) return;
    await run(async () => {
      try {
        if (beforeSubmit) await beforeSubmit().catch(() => undefined);
        await onSubmit(toSubmission(form, uploadedIds(photos)));
        clearDraft();
      } catch (error) {
        setFailure(error instanceof Error ? error.message : '提交没有成功，请稍后再试。');
      }
    });
  }

  return (
    <View className='report-form'>
      {showRestored && (
        <View id='draft-restored' className='card report-form__draft'>
          <Text>已为您恢复上次没有提交的内容。照片需要重新添加。</Text>
          <Button id='draft-discard' className='secondary-button' onClick={startAfresh}>
            清空，重新填写
          </Button>
        </View>
      )}
      <View className='card'>
        <Text className='report-form__label'>问题类别（必选）</Text>
        <Picker
          id='category'
          mode='selector'
          range={CATEGORIES.map((c) => c.name)}
          value={Math.max(
            0,
            CATEGORIES.findIndex((c) => c.code === form.category),
          )}
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
        <PhotoPicker photos={photos} onChange={setPhotos} />
      </View>

      <View className='card'>
        <PlacePicker
          place={form}
          onChange={update}
          addressError={errors.address}
          signboard={signboard}
          signboardError={signboardError}
        />
      </View>

      <View className='card'>
        <ContactFields value={form} onChange={update} phoneError={errors.phone} />
      </View>

      <View id='privacy-notice' className='card report-form__privacy'>
        <Text className='report-form__privacy-title'>保密承诺</Text>
        <Text>
          我们依法为举报人保密：您的姓名、电话和位置只用于核实和办理，不会告诉被举报的单位或个人。照片上传时会去掉拍摄地点等隐藏信息。
        </Text>
      </View>

      {failure && (
        <Text id='submit-failure' className='error-text report-form__failure'>
          {failure}
        </Text>
      )}
      {/* No `loading` spinner: in H5 it fights React over the button's children when the text changes too. */}
      <Button id='submit' className='primary-button' disabled={submitting} onClick={submit}>
        {submitting ? '正在提交，请稍候…' : '提交'}
      </Button>
    </View>
  );
}
