import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { submitCase } from '../../api';
import ReportForm from '../../components/report-form';
import { findCategory } from '../../domain/categories';
import type { CaseSubmission } from '../../domain/report-form';
import './index.scss';

export default function ReportPage() {
  const { params } = useRouter();
  const initial = findCategory(params.category)?.code;

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
      <ReportForm initialCategory={initial} onSubmit={send} />
    </View>
  );
}
