import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { getMyCase } from '../../api';
import CaseTimeline from '../../components/case-timeline';
import {
  canAskReview,
  canSupplement,
  formatDate,
  isSurveyOpen,
  latestInfoRequest,
  type CaseDetail,
} from '../../domain/case-view';
import './index.scss';
import LoadFailure from '../../components/load-failure';

type Load =
  { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; detail: CaseDetail };

function Field({ label, value }: { label: string; value?: string }) {
  if (!value) return null;
  return (
    <View className='case-field'>
      <Text className='case-field__label'>{label}</Text>
      <Text className='case-field__value'>{value}</Text>
    </View>
  );
}

function CaseSummary({ detail }: { detail: CaseDetail }) {
  return (
    <View className='card'>
      <View className='case-summary__head'>
        <Text className='case-summary__number'>{detail.trackingNumber}</Text>
        <Text className='status-tag'>{detail.statusLabel}</Text>
      </View>
      <Field label='问题类别' value={detail.categoryName} />
      <Field label='问题描述' value={detail.description} />
      <Field label='地点' value={detail.place.address} />
      <Field label='承办单位' value={detail.departmentName} />
      <Field label='预计答复' value={detail.dueAt ? `${formatDate(detail.dueAt)} 前` : undefined} />
      <Field label='办理结果' value={detail.resolution?.summary} />
      <Field label='不予受理的原因' value={detail.rejection?.reason} />
      <Field label='您可以向这里反映' value={detail.rejection?.referral} />
      <Field label='您的评价' value={detail.survey?.answer?.satisfactionLabel} />
      <Field
        label='复查'
        value={
          detail.review &&
          (detail.review.outcomeLabel
            ? `${detail.review.outcomeLabel}${detail.review.note ? `：${detail.review.note}` : ''}`
            : `正在复查${detail.review.dueAt ? `，${formatDate(detail.review.dueAt)} 前答复您` : ''}`)
        }
      />
    </View>
  );
}

const openStep = (page: 'supplement' | 'survey' | 'review', trackingNumber: string) =>
  Taro.navigateTo({ url: `/pages/${page}/index?trackingNumber=${encodeURIComponent(trackingNumber)}` });

/** What the reporter can do now: add what staff asked for, or rate the result. */
function NextStep({ detail }: { detail: CaseDetail }) {
  if (canSupplement(detail)) {
    const request = latestInfoRequest(detail);
    return (
      <View className='card case-next'>
        <Text className='case-next__title'>需要您补充情况</Text>
        {request && <Text>工作人员请您补充：{request}</Text>}
        <Button
          id='open-supplement'
          className='primary-button'
          onClick={() => openStep('supplement', detail.trackingNumber)}
        >
          补充情况
        </Button>
      </View>
    );
  }
  if (isSurveyOpen(detail)) {
    return (
      <View className='card case-next'>
        <Text className='case-next__title'>请您评价办理结果</Text>
        <Text>您的评价会帮助我们把工作做得更好，只需一分钟。</Text>
        <Button
          id='open-survey'
          className='primary-button'
          onClick={() => openStep('survey', detail.trackingNumber)}
        >
          评价办理结果
        </Button>
      </View>
    );
  }
  if (canAskReview(detail)) {
    return (
      <View className='card case-next'>
        <Text>对办理结果不满意？您可以在办结后15个工作日内申请复查。</Text>
        <Button
          id='open-review'
          className='secondary-button'
          onClick={() => openStep('review', detail.trackingNumber)}
        >
          申请复查
        </Button>
      </View>
    );
  }
  return null;
}

export default function CasePage() {
  const { params } = useRouter();
  const trackingNumber = params.trackingNumber ?? '';
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  async function refresh() {
    setLoad({ state: 'loading' });
    try {
      setLoad({ state: 'ready', detail: await getMyCase(trackingNumber) });
    } catch (error) {
      setLoad({ state: 'failed', message: error instanceof Error ? error.message : '加载没有成功。' });
    }
  }

  // Also on coming back from 补充 or 评价, so the page shows the new state.
  useDidShow(() => void refresh());

  if (load.state === 'loading') return <View className='page muted'>正在加载…</View>;
  if (load.state === 'failed')
    return (
      <View className='page'>
        <LoadFailure message={load.message} onRetry={() => void refresh()} />
      </View>
    );

  const { detail } = load;
  return (
    <View className='page'>
      <CaseSummary detail={detail} />
      <NextStep detail={detail} />
      {detail.handledAs && (
        <View className='card'>
          <Text>
            这件事已与编号 {detail.handledAs.trackingNumber} 合并办理，当前状态：
            {detail.handledAs.statusLabel}。
          </Text>
        </View>
      )}
      <Text className='section-title'>办理过程</Text>
      <View className='card'>
        <CaseTimeline events={detail.handledAs?.timeline ?? detail.timeline} />
      </View>
    </View>
  );
}
