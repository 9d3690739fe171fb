/**
 * 申请复查 (rules art. 13): a reporter who is not satisfied with the result says why, and the
 * center has the case checked again. Opened after a dissatisfied survey answer, by case or by the
 * survey link's token. The reason is kept when sending fails; one tap sends once.
 */
import { Button, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { requestReview } from '../../api';
import { formatDate } from '../../domain/case-view';
import { readFollowUpTarget } from '../../domain/follow-up';
import { countChars } from '../../domain/report-form';
import { useSendOnce } from '../../hooks/use-send-once';
import './index.scss';

/** server/cases/domain/review-rules.ts REVIEW_REASON_MIN_CHARS / MAX */
const REASON_MIN_CHARS = 5;
const REASON_MAX_CHARS = 1000;

function checkReason(reason: string): string | undefined {
  const chars = countChars(reason);
  if (chars < REASON_MIN_CHARS) return `请说明申请复查的理由（至少${REASON_MIN_CHARS}个字）。`;
  if (chars > REASON_MAX_CHARS) return `申请理由请不要超过${REASON_MAX_CHARS}个字。`;
  return undefined;
}

export default function ReviewPage() {
  const { params } = useRouter();
  const target = readFollowUpTarget(params);
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState('');
  const { sending, busy, run } = useSendOnce();
  const [filed, setFiled] = useState<{ dueAt?: string }>();

  async function submit() {
    if (!target || busy() || filed) return;
    const problem = checkReason(reason);
    setFailure(problem ?? '');
    if (problem) return;
    await run(async () => {
      try {
        setFiled(await requestReview(target, reason.trim()));
      } catch (error) {
        setFailure(error instanceof Error ? error.message : '没有提交成功，请稍后再试。您写的理由已保留。');
      }
    });
  }

  if (!target) {
    return (
      <View className='page'>
        <View className='card'>
          <Text className='error-text'>这个链接不完整。请从首页的“我的举报”里打开要申请复查的举报。</Text>
        </View>
      </View>
    );
  }

  if (filed) {
    return (
      <View className='page'>
        <View id='review-done' className='card'>
          <Text className='review__title'>已收到您的复查申请</Text>
          <Text>
            我们会请有关单位重新核查{filed.dueAt ? `，${formatDate(filed.dueAt)} 前答复您` : ''}
            。结果可以在“我的举报”里查看。
          </Text>
        </View>
        <Button className='secondary-button' onClick={() => Taro.reLaunch({ url: '/pages/cases/index' })}>
          查看我的举报
        </Button>
      </View>
    );
  }

  return (
    <View className='page'>
      <View className='card'>
        <Text className='review__label'>请说明您对办理结果哪里不满意</Text>
        <Text className='muted'>例如：问题还在、处理不彻底、答复和实际情况不符。写清楚有助于重新核查。</Text>
        <Textarea
          id='review-reason'
          className='review__textarea'
          value={reason}
          maxlength={-1}
          placeholder='请写下申请复查的理由'
          onInput={(e) => setReason(e.detail.value)}
        />
        <Text className='review__count'>
          {countChars(reason)}/{REASON_MAX_CHARS}字（至少{REASON_MIN_CHARS}字）
        </Text>
      </View>
      {failure && <Text className='error-text review__failure'>{failure}</Text>}
      <Button id='review-submit' className='primary-button' disabled={sending} onClick={submit}>
        {sending ? '正在提交，请稍候…' : '提交复查申请'}
      </Button>
    </View>
  );
}
