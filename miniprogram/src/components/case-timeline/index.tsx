/** The steps of a case the reporter may see, oldest first, each with its time (China time). */
import { Text, View } from '@tarojs/components';
import { describeEvent, formatTime, type CaseEventView } from '../../domain/case-view';
import './index.scss';

export default function CaseTimeline({ events }: { events: readonly CaseEventView[] }) {
  if (events.length === 0) return <Text className='muted'>暂时还没有办理记录。</Text>;
  return (
    <View className='case-timeline'>
      {events.map((event, index) => (
        <View key={`${event.type}-${event.at}-${index}`} className='case-timeline__step'>
          <View
            className={index === events.length - 1 ? 'case-timeline__dot is-latest' : 'case-timeline__dot'}
          />
          <View className='case-timeline__body'>
            <Text className='case-timeline__title'>{describeEvent(event.type)}</Text>
            <Text className='case-timeline__time'>{formatTime(event.at)}</Text>
            {event.note && <Text className='case-timeline__note'>{event.note}</Text>}
          </View>
        </View>
      ))}
    </View>
  );
}
