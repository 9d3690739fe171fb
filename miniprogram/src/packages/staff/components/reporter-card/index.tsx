/**
 * The reporter, masked. Only the parties handling a case may see the full identity, and every
 * look is audited with its reason (rules art. 15), so 显示 first asks why.
 */
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { revealReporter } from '../../../../api/staff-api';
import { reporterText, type MaskedReporter, type RevealedReporter } from '../../../../domain/staff-case';
import { useSendOnce } from '../../../../hooks/use-send-once';

export interface ReporterCardProps {
  caseId: string;
  reporter: MaskedReporter;
  /** Center staff and the assigned department or unit; the server checks again. */
  mayReveal: boolean;
}

export default function ReporterCard({ caseId, reporter, mayReveal }: ReporterCardProps) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [revealed, setRevealed] = useState<RevealedReporter | null>(null);
  const [message, setMessage] = useState('');
  const { sending, busy, run } = useSendOnce();

  async function reveal() {
    if (busy()) return;
    if (reason.trim().length < 2) {
      setMessage('请说明查看举报人信息的原因（至少2个字）。');
      return;
    }
    await run(async () => {
      setMessage('');
      try {
        setRevealed(await revealReporter(caseId, reason.trim()));
        setAsking(false);
      } catch (error) {
        setMessage(error instanceof Error ? error.message : '没有能显示举报人信息，请稍后再试。');
      }
    });
  }

  return (
    <View className='card'>
      <View className='staff-field'>
        <Text className='staff-field__label'>举报人</Text>
        <Text id='reporter-contact'>{reporterText(revealed ?? reporter)}</Text>
      </View>
      {revealed && <Text className='muted'>以上为完整信息，本次查看已记录。请依法保密。</Text>}
      {!revealed && !reporter.anonymous && mayReveal && !asking && (
        <Button id='reveal-reporter' className='secondary-button' onClick={() => setAsking(true)}>
          显示
        </Button>
      )}
      {asking && (
        <View>
          <Text className='staff-label'>查看原因（将记录在案）</Text>
          <Input
            id='reveal-reason'
            className='staff-input'
            value={reason}
            placeholder='例如：需要电话核实现场位置'
            onInput={(e) => setReason(e.detail.value)}
          />
          <Button
            id='reveal-confirm'
            className='primary-button'
            disabled={sending}
            onClick={() => void reveal()}
          >
            {sending ? '正在查询…' : '确认显示'}
          </Button>
        </View>
      )}
      {message && <Text className='error-text'>{message}</Text>}
    </View>
  );
}
