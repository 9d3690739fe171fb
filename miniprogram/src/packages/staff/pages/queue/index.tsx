/**
 * The staff member's work queues: one tab per queue of their role, the cases in it newest first;
 * a tap opens the case. Refreshed whenever the page shows again (e.g. back from a case).
 */
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { listCases, logoutStaff } from '../../../../api/staff-api';
import { getStaffProfile, goToStaffLogin, STAFF_LOGIN_PAGE } from '../../../../api/staff-auth';
import {
  deadlineText,
  isDeadlineUrgent,
  placeText,
  type StaffCaseListItem,
} from '../../../../domain/staff-case';
import { ROLE_LABELS } from '../../../../domain/staff-organisation';
import {
  findQueue,
  mayViewFigures,
  queueQuery,
  queuesFor,
  type Queue,
} from '../../../../domain/staff-queues';
import '../../staff.scss';
import LoadFailure from '../../../../components/load-failure';

type Load =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; items: StaffCaseListItem[] };

function QueueItem({ item }: { item: StaffCaseListItem }) {
  const open = () => Taro.navigateTo({ url: `/packages/staff/pages/case/index?id=${item.id}` });
  return (
    <View className='card queue-item' onClick={() => void open()}>
      <View className='staff-row'>
        <Text className='queue-item__number'>{item.trackingNumber}</Text>
        <Text className='status-tag'>{item.statusLabel}</Text>
      </View>
      <Text className='queue-item__category'>
        {item.emergency ? '【紧急】' : ''}
        {item.categoryName ?? item.category}
      </Text>
      <Text className='queue-item__place'>{placeText(item.place)}</Text>
      <Text className={isDeadlineUrgent(item) ? 'queue-item__deadline is-urgent' : 'queue-item__deadline'}>
        {deadlineText(item)}
      </Text>
    </View>
  );
}

export default function StaffQueuePage() {
  const { params } = useRouter();
  const profile = getStaffProfile();
  const queues = profile ? queuesFor(profile.role) : [];
  const initial = queues.find((queue) => queue.key === findQueue(params.queue)?.key) ?? queues[0];
  const [active, setActive] = useState<Queue | undefined>(initial);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const latest = useRef(0);

  async function refresh(queue: Queue | undefined = active) {
    if (!profile || !queue) {
      goToStaffLogin();
      return;
    }
    // A slow answer for a tab the user already left must not overwrite the new tab's list.
    const request = (latest.current += 1);
    setLoad({ state: 'loading' });
    try {
      const items = await listCases(queueQuery(queue));
      if (request === latest.current) setLoad({ state: 'ready', items });
    } catch (error) {
      if (request === latest.current)
        setLoad({ state: 'failed', message: error instanceof Error ? error.message : '加载没有成功。' });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }

  useDidShow(() => void refresh());
  usePullDownRefresh(() => void refresh());

  function choose(queue: Queue) {
    setActive(queue);
    void refresh(queue);
  }

  async function logout() {
    await logoutStaff();
    await Taro.reLaunch({ url: STAFF_LOGIN_PAGE });
  }

  if (!profile) return <View className='page muted'>请先登录。</View>;

  return (
    <View className='page'>
      <View className='staff-row'>
        <Text className='muted'>
          {profile.displayName}（{ROLE_LABELS[profile.role] ?? profile.role}）
        </Text>
        <Text id='staff-logout' className='staff-link' onClick={() => void logout()}>
          退出登录
        </Text>
      </View>
      {mayViewFigures(profile.role) && (
        <Button
          id='open-figures'
          className='secondary-button'
          onClick={() => void Taro.navigateTo({ url: '/packages/staff/pages/figures/index' })}
        >
          查看办理情况统计
        </Button>
      )}
      <View className='queue-tabs'>
        {queues.map((queue) => (
          <View
            key={queue.key}
            id={`queue-${queue.key}`}
            className={queue.key === active?.key ? 'queue-tab is-active' : 'queue-tab'}
            onClick={() => choose(queue)}
          >
            {queue.label}
          </View>
        ))}
      </View>
      {load.state === 'loading' && <Text className='muted'>正在加载…</Text>}
      {load.state === 'failed' && <LoadFailure message={load.message} onRetry={() => void refresh()} />}
      {load.state === 'ready' && load.items.length === 0 && (
        <View className='card'>
          <Text className='muted'>{active?.emptyText}</Text>
        </View>
      )}
      {load.state === 'ready' && load.items.map((item) => <QueueItem key={item.id} item={item} />)}
    </View>
  );
}
