/**
 * The general office's figures for this month, quarter or year: reports received, results on
 * time and late, cases overdue now, and how satisfied the reporters who answered the survey were.
 */
import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { getFigures } from '../../../../api/staff-api';
import { formatDate } from '../../../../domain/case-view';
import {
  formatShare,
  periodDays,
  PERIODS,
  type Figures,
  type PeriodKey,
} from '../../../../domain/staff-figures';
import '../../staff.scss';

type Load =
  { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; figures: Figures };

function Figure({ id, label, value, hint }: { id: string; label: string; value: string; hint?: string }) {
  return (
    <View className='card figure'>
      <Text className='staff-field__label'>{label}</Text>
      <Text id={id} className='figure__value'>
        {value}
      </Text>
      {hint && <Text className='muted'>{hint}</Text>}
    </View>
  );
}

export default function StaffFiguresPage() {
  const [period, setPeriod] = useState<PeriodKey>('quarter');
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const latest = useRef(0);

  async function refresh(key: PeriodKey = period) {
    const request = (latest.current += 1);
    setLoad({ state: 'loading' });
    const { from, to } = periodDays(key, new Date());
    try {
      const figures = await getFigures(from, to);
      if (request === latest.current) setLoad({ state: 'ready', figures });
    } catch (error) {
      if (request === latest.current)
        setLoad({ state: 'failed', message: error instanceof Error ? error.message : '加载没有成功。' });
    }
  }

  useDidShow(() => void refresh());

  return (
    <View className='page'>
      <View className='queue-tabs'>
        {PERIODS.map((option) => (
          <View
            key={option.key}
            id={`period-${option.key}`}
            className={option.key === period ? 'queue-tab is-active' : 'queue-tab'}
            onClick={() => {
              setPeriod(option.key);
              void refresh(option.key);
            }}
          >
            {option.label}
          </View>
        ))}
      </View>
      {load.state === 'loading' && <Text className='muted'>正在统计…</Text>}
      {load.state === 'failed' && <Text className='error-text'>{load.message}</Text>}
      {load.state === 'ready' && <FiguresView figures={load.figures} />}
    </View>
  );
}

function FiguresView({ figures }: { figures: Figures }) {
  const { closed, satisfaction } = figures;
  return (
    <View>
      <Text className='muted'>
        统计时段：{formatDate(figures.period.from)} 至 {formatDate(figures.period.to)}
      </Text>
      <View className='figures'>
        <Figure id='figure-received' label='收到举报' value={`${figures.received}件`} />
        <Figure
          id='figure-on-time'
          label='按期办结'
          value={`${closed.onTime}件`}
          hint={`办结共${closed.total}件，其中超期办结${closed.late}件`}
        />
        <Figure
          id='figure-overdue'
          label='目前已超期'
          value={`${figures.overdue}件`}
          hint='按当前时间统计，不限时段'
        />
        <Figure
          id='figure-satisfaction'
          label='满意率'
          value={formatShare(satisfaction.satisfiedShare)}
          hint={`共${satisfaction.answered}人评价（非常满意、满意、基本满意计为满意）`}
        />
      </View>
      <Text className='section-title'>评价明细</Text>
      <View className='card'>
        {satisfaction.answers.map((answer) => (
          <View key={answer.satisfaction} className='staff-row'>
            <Text>{answer.label}</Text>
            <Text>{answer.count}人</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
