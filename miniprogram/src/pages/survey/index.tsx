/**
 * 满意度评价: after a result, the reporter says whether they are satisfied, whether the problem
 * was solved, and gives 1–5 stars, with an optional comment. Opened from a case
 * (`?trackingNumber=`) or from the invitation message (`?token=`). All three answers are needed;
 * one tap sends once; a dissatisfied answer offers a review request (复查).
 */
import { Button, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { answerSurvey } from '../../api';
import ChoiceGroup from '../../components/choice-group';
import { followUpQuery, readFollowUpTarget, type FollowUpTarget } from '../../domain/follow-up';
import {
  EMPTY_SURVEY,
  SATISFACTION_CHOICES,
  SOLVED_CHOICES,
  STAR_CHOICES,
  SURVEY_COMMENT_MAX_CHARS,
  toSurveyAnswer,
  validateSurvey,
  type SurveyDraft,
} from '../../domain/survey-form';
import { useSendOnce } from '../../hooks/use-send-once';
import './index.scss';

function Thanks({ target, offerReview }: { target: FollowUpTarget; offerReview: boolean }) {
  return (
    <View className='page'>
      <View id='survey-thanks' className='card'>
        <Text className='survey__thanks'>感谢您的评价！</Text>
        <Text>您的意见我们已经收到，会用来改进我们的工作。</Text>
      </View>
      {offerReview && (
        <View className='card'>
          <Text>如果您对办理结果不满意，可以申请复查，我们会请有关单位重新核查。</Text>
          <Button
            id='open-review'
            className='primary-button'
            onClick={() => Taro.redirectTo({ url: `/pages/review/index?${followUpQuery(target)}` })}
          >
            申请复查
          </Button>
        </View>
      )}
      <Button className='secondary-button' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
        返回首页
      </Button>
    </View>
  );
}

export default function SurveyPage() {
  const { params } = useRouter();
  const target = readFollowUpTarget(params);
  const [draft, setDraft] = useState<SurveyDraft>(EMPTY_SURVEY);
  const [problems, setProblems] = useState<string[]>([]);
  const { sending, busy, run } = useSendOnce();
  const [result, setResult] = useState<{ offerReview: boolean }>();

  const update = (patch: Partial<SurveyDraft>) => setDraft((current) => ({ ...current, ...patch }));

  async function submit() {
    if (!target || busy() || result) return;
    const found = validateSurvey(draft);
    setProblems(found);
    if (found.length > 0) return;
    await run(async () => {
      try {
        setResult(await answerSurvey(target, toSurveyAnswer(draft)));
      } catch (error) {
        setProblems([
          error instanceof Error ? error.message : '评价没有提交成功，请稍后再试。您的选择已保留。',
        ]);
      }
    });
  }

  if (!target) {
    return (
      <View className='page'>
        <View className='card'>
          <Text className='error-text'>这个评价链接不完整。请从首页的“我的举报”里打开要评价的举报。</Text>
        </View>
      </View>
    );
  }
  if (result) return <Thanks target={target} offerReview={result.offerReview} />;

  return (
    <View className='page'>
      {'trackingNumber' in target && <Text className='muted'>受理编号 {target.trackingNumber}</Text>}
      <Text className='section-title'>1. 您对办理结果满意吗？</Text>
      <ChoiceGroup
        idPrefix='satisfaction'
        choices={SATISFACTION_CHOICES}
        selected={draft.satisfaction}
        onSelect={(satisfaction) => update({ satisfaction })}
      />

      <Text className='section-title'>2. 您反映的问题解决了吗？</Text>
      <ChoiceGroup
        idPrefix='solved'
        choices={SOLVED_CHOICES}
        selected={draft.solved}
        onSelect={(solved) => update({ solved })}
      />

      <Text className='section-title'>3. 请给办理工作打分</Text>
      <View className='survey__stars'>
        {STAR_CHOICES.map(({ value }) => (
          <View
            key={value}
            id={`stars-${value}`}
            className={draft.stars && value <= draft.stars ? 'survey__star is-on' : 'survey__star'}
            onClick={() => update({ stars: value })}
          >
            <Text>★</Text>
          </View>
        ))}
      </View>
      <Text className='survey__star-text'>
        {draft.stars ? `${draft.stars}星：${STAR_CHOICES[draft.stars - 1]?.label}` : '点星星打分，5星最好'}
      </Text>

      <Text className='section-title'>4. 您还想说的话（选填）</Text>
      <Textarea
        id='survey-comment'
        className='survey__comment'
        value={draft.comment}
        maxlength={SURVEY_COMMENT_MAX_CHARS}
        placeholder='例如：哪里做得好，哪里还需要改进'
        onInput={(e) => update({ comment: e.detail.value })}
      />

      {problems.length > 0 && (
        <View id='survey-problems' className='survey__problems'>
          {problems.map((problem) => (
            <Text key={problem} className='error-text'>
              {problem}
            </Text>
          ))}
        </View>
      )}
      <Button id='survey-submit' className='primary-button' disabled={sending} onClick={submit}>
        {sending ? '正在提交，请稍候…' : '提交评价'}
      </Button>
    </View>
  );
}
