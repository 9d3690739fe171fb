/**
 * 补充情况: the reporter adds what staff asked for on a case waiting for information. What staff
 * asked is shown above the box; the text is kept when sending fails; one tap sends once.
 */
import { Button, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { getMyCase, supplementCase } from '../../api';
import { latestInfoRequest } from '../../domain/case-view';
import { countChars } from '../../domain/report-form';
import { useSendOnce } from '../../hooks/use-send-once';
import './index.scss';

const NOTE_MIN_CHARS = 2;
const NOTE_MAX_CHARS = 2000;

function checkNote(note: string): string | undefined {
  const chars = countChars(note);
  if (chars < NOTE_MIN_CHARS) return `请填写补充的内容（至少${NOTE_MIN_CHARS}个字）。`;
  if (chars > NOTE_MAX_CHARS) return `补充的内容请不要超过${NOTE_MAX_CHARS}个字。`;
  return undefined;
}

/** Back to the case page (which reloads), or onto it when this page was opened directly. */
function returnToCase(trackingNumber: string) {
  Taro.navigateBack().catch(() =>
    Taro.redirectTo({ url: `/pages/case/index?trackingNumber=${encodeURIComponent(trackingNumber)}` }),
  );
}

export default function SupplementPage() {
  const { params } = useRouter();
  const trackingNumber = params.trackingNumber ?? '';
  const [request, setRequest] = useState<string>();
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState('');
  const { sending, busy, run } = useSendOnce();
  const [done, setDone] = useState(false);

  useEffect(() => {
    if (!trackingNumber) return;
    getMyCase(trackingNumber)
      .then((detail) => setRequest(latestInfoRequest(detail)))
      .catch(() => undefined);
  }, [trackingNumber]);

  async function submit() {
    if (busy() || done) return;
    const problem = checkNote(note);
    setFailure(problem ?? '');
    if (problem) return;
    await run(async () => {
      try {
        await supplementCase(trackingNumber, note.trim());
        setDone(true);
      } catch (error) {
        setFailure(error instanceof Error ? error.message : '没有提交成功，请稍后再试。您写的内容已保留。');
      }
    });
  }

  if (done) {
    return (
      <View className='page'>
        <View id='supplement-done' className='card'>
          <Text className='supplement__title'>已收到您补充的情况，谢谢您！</Text>
          <Text>工作人员会尽快查看，并继续办理。</Text>
        </View>
        <Button id='back-to-case' className='primary-button' onClick={() => returnToCase(trackingNumber)}>
          返回查看办理进度
        </Button>
      </View>
    );
  }

  return (
    <View className='page'>
      <View className='card'>
        <Text className='muted'>受理编号 {trackingNumber}</Text>
        {request && <Text className='supplement__request'>工作人员请您补充：{request}</Text>}
      </View>
      <View className='card'>
        <Text className='supplement__label'>请写下需要补充的情况</Text>
        <Textarea
          id='supplement-note'
          className='supplement__textarea'
          value={note}
          maxlength={-1}
          placeholder='例如：具体地点、发生的时间、现在的情况'
          onInput={(e) => setNote(e.detail.value)}
        />
        <Text className='supplement__count'>
          {countChars(note)}/{NOTE_MAX_CHARS}字
        </Text>
      </View>
      {failure && <Text className='error-text supplement__failure'>{failure}</Text>}
      <Button id='supplement-submit' className='primary-button' disabled={sending} onClick={submit}>
        {sending ? '正在提交，请稍候…' : '提交补充'}
      </Button>
    </View>
  );
}
