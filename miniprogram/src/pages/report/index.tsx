import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { askSubscribeGrants, getSettings, getSignboard, submitCase } from '../../api';
import ReportForm from '../../components/report-form';
import { findCategory } from '../../domain/categories';
import type { CaseSubmission } from '../../domain/report-form';
import { readSceneId, type Signboard } from '../../domain/signboard';
import './index.scss';

const SIGNBOARD_FAILED = '没能读出公示牌上的地点，请在下面直接填写问题所在的地点。';

export default function ReportPage() {
  const { params } = useRouter();
  const initial = findCategory(params.category)?.code;
  // A river-chief signboard's QR code opens this page with its id as `scene`.
  const signboardId = readSceneId(params.scene);
  const [signboard, setSignboard] = useState<Signboard>();
  const [signboardError, setSignboardError] = useState('');
  // Loaded ahead: the subscription dialog must open inside the submit tap, with no request before it.
  const templateIds = useRef<string[]>([]);

  useEffect(() => {
    getSettings()
      .then((settings) => {
        templateIds.current = settings.subscribeTemplateIds;
      })
      .catch(() => undefined);
  }, []);

  const sceneGiven = Boolean(params.scene);
  useEffect(() => {
    if (sceneGiven && !signboardId) setSignboardError(SIGNBOARD_FAILED);
    if (!signboardId) return;
    getSignboard(signboardId)
      .then(setSignboard)
      .catch((error: unknown) =>
        setSignboardError(error instanceof Error ? error.message : SIGNBOARD_FAILED),
      );
  }, [sceneGiven, signboardId]);

  async function send(submission: CaseSubmission) {
    const submitted = await submitCase(submission);
    const query = `trackingNumber=${encodeURIComponent(submitted.trackingNumber)}${
      submitted.mergedInto ? `&mergedInto=${encodeURIComponent(submitted.mergedInto)}` : ''
    }`;
    // redirectTo: "back" from the confirmation must not reopen a filled form to submit twice.
    await Taro.redirectTo({ url: `/pages/submitted/index?${query}` });
  }

  return (
    <View className='page report-page'>
      <ReportForm
        initialCategory={initial}
        signboard={signboard}
        signboardError={signboardError}
        beforeSubmit={() => askSubscribeGrants(templateIds.current)}
        onSubmit={send}
      />
    </View>
  );
}
