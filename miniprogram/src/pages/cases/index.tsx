import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import { listMyCases } from '../../api';
import { formatDate, type CaseListItem } from '../../domain/case-view';
import './index.scss';
import LoadFailure from '../../components/load-failure';

type Load =
  { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; items: CaseListItem[] };

const openCase = (trackingNumber: string) =>
  Taro.navigateTo({ url: `/pages/case/index?trackingNumber=${encodeURIComponent(trackingNumber)}` });

function CaseRow({ item }: { item: CaseListItem }) {
  return (
    <View
      id={`case-${item.trackingNumber}`}
      className='card case-row'
      onClick={() => openCase(item.trackingNumber)}
    >
      <View className='case-row__head'>
        <Text className='case-row__number'>{item.trackingNumber}</Text>
        <Text className='status-tag'>{item.statusLabel}</Text>
      </View>
      {item.categoryName && <Text className='case-row__category'>{item.categoryName}</Text>}
      <Text className='case-row__description'>{item.description}</Text>
      <Text className='muted'>提交于 {formatDate(item.createdAt)}</Text>
    </View>
  );
}

export default function CasesPage() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  async function refresh() {
    try {
      setLoad({ state: 'ready', items: await listMyCases() });
    } catch (error) {
      setLoad({ state: 'failed', message: error instanceof Error ? error.message : '加载没有成功。' });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }

  useDidShow(() => void refresh());
  usePullDownRefresh(() => void refresh());

  return (
    <View className='page'>
      {load.state === 'loading' && <Text className='muted'>正在加载…</Text>}
      {load.state === 'failed' && <LoadFailure message={load.message} onRetry={() => void refresh()} />}
      {load.state === 'ready' && load.items.length === 0 && (
        <View className='card'>
          <Text>您还没有提交过举报。</Text>
          <Button className='primary-button' onClick={() => Taro.navigateTo({ url: '/pages/report/index' })}>
            我要举报
          </Button>
        </View>
      )}
      {load.state === 'ready' && load.items.map((item) => <CaseRow key={item.trackingNumber} item={item} />)}
    </View>
  );
}
