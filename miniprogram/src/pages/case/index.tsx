import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { getMyCase } from '../../api';
import CaseTimeline from '../../components/case-timeline';
import { formatDate, type CaseDetail } from '../../domain/case-view';
import './index.scss';

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; detail: CaseDetail };

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
    </View>
  );
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

  useEffect(() => {
    void refresh();
  }, [trackingNumber]);

  if (load.state === 'loading') return <View className='page muted'>正在加载…</View>;
  if (load.state === 'failed')
    return (
      <View className='page'>
        <View className='card'>
          <Text className='error-text'>{load.message}</Text>
          <Button className='secondary-button' onClick={() => void refresh()}>
            重新加载
          </Button>
        </View>
      </View>
    );

  const { detail } = load;
  return (
    <View className='page'>
      <CaseSummary detail={detail} />
      {detail.handledAs && (
        <View className='card'>
          <Text>
            这件事已与编号 {detail.handledAs.trackingNumber} 合并办理，当前状态：{detail.handledAs.statusLabel}。
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
