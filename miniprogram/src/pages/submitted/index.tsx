import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import './index.scss';

const NEXT_STEPS = [
  '工作人员会在规定时间内审核，符合受理范围的，会转交有关单位办理。',
  '需要您补充情况时，我们会通过小程序或您留下的电话联系您。',
  '办理进展和结果可以随时在“我的举报”里查看。',
];

export default function SubmittedPage() {
  const { params } = useRouter();
  const trackingNumber = params.trackingNumber ?? '';
  const mergedInto = params.mergedInto;

  const copy = () => Taro.setClipboardData({ data: trackingNumber }).catch(() => undefined);

  return (
    <View className='page submitted'>
      <View className='card submitted__head'>
        <Text className='submitted__title'>您的举报已提交，谢谢您！</Text>
        <Text className='muted'>受理编号</Text>
        <Text id='tracking-number' className='submitted__number' onClick={copy}>
          {trackingNumber}
        </Text>
        <Text className='muted'>请记下这个编号，点编号可以复制。</Text>
        {mergedInto && (
          <Text className='submitted__merged'>
            您之前反映过相同的问题，这次的内容已并入编号 {mergedInto} 一起办理。
          </Text>
        )}
      </View>

      <Text className='section-title'>接下来</Text>
      <View className='card'>
        {NEXT_STEPS.map((step, index) => (
          <Text key={step} className='submitted__step'>
            {index + 1}. {step}
          </Text>
        ))}
      </View>

      <Button
        className='primary-button'
        onClick={() =>
          Taro.redirectTo({ url: `/pages/case/index?trackingNumber=${encodeURIComponent(trackingNumber)}` })
        }
      >
        查看办理进度
      </Button>
      <Button className='secondary-button' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
        返回首页
      </Button>
    </View>
  );
}
