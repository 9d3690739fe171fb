import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect } from 'react';
import { NOT_ACCEPTED } from '../../domain/not-accepted';
import { readSceneId } from '../../domain/signboard';
import {
  findCategory,
  HOTLINE,
  REPORT_CATEGORIES,
  CONSULT_CODE,
  type Category,
} from '../../domain/categories';
import './index.scss';

const openReport = (code: string) => Taro.navigateTo({ url: `/pages/report/index?category=${code}` });

function CategoryTile({ category }: { category: Category }) {
  return (
    <View className='category-tile' onClick={() => openReport(category.code)}>
      <Text className='category-tile__name'>{category.name}</Text>
      <Text className='category-tile__hint'>{category.hint}</Text>
    </View>
  );
}

function callHotline() {
  Taro.makePhoneCall({ phoneNumber: HOTLINE }).catch(() => undefined);
}

export default function IndexPage() {
  const consult = findCategory(CONSULT_CODE);
  const { params } = useRouter();

  // A signboard QR code made without a page opens the home page: its scene belongs to the report.
  const signboardId = readSceneId(params.scene);
  useEffect(() => {
    if (signboardId) void Taro.navigateTo({ url: `/pages/report/index?scene=${signboardId}` });
  }, [signboardId]);

  return (
    <View className='page home'>
      <View className='home__banner'>
        <Text className='home__title'>水利部12314监督举报</Text>
        <Text className='home__subtitle'>您反映的问题，我们认真受理、依法办理、及时答复。</Text>
      </View>

      <Text className='section-title'>您可以反映这些问题</Text>
      <View className='category-grid'>
        {REPORT_CATEGORIES.map((category) => (
          <CategoryTile key={category.code} category={category} />
        ))}
      </View>

      <View id='not-accepted' className='card home__not-accepted'>
        <Text className='home__not-accepted-title'>这些事情请找其他部门</Text>
        {NOT_ACCEPTED.map((item) => (
          <View key={item.what} className='home__referral'>
            <Text className='home__referral-what'>{item.what}</Text>
            <Text className='muted'>{item.where}</Text>
          </View>
        ))}
      </View>

      {consult && (
        <Button id='consult' className='secondary-button' onClick={() => openReport(consult.code)}>
          我要咨询
        </Button>
      )}
      <View
        id='open-knowledge'
        className='home__link'
        onClick={() => Taro.navigateTo({ url: '/pages/knowledge/index' })}
      >
        <Text>有疑问？先看看常见问题的解答（咨询问答）›</Text>
      </View>
      <Button
        id='my-cases'
        className='secondary-button'
        onClick={() => Taro.navigateTo({ url: '/pages/cases/index' })}
      >
        我的举报
      </Button>
      <View className='card home__hotline' onClick={callHotline}>
        <Text>不方便打字？请拨打监督举报电话</Text>
        <Text className='home__hotline-number'>{HOTLINE}</Text>
        <Text className='muted'>点这里直接拨打</Text>
      </View>
      <View
        id='staff-entry'
        className='home__staff-entry'
        onClick={() => Taro.navigateTo({ url: '/packages/staff/pages/login/index' })}
      >
        <Text>工作人员入口</Text>
      </View>
    </View>
  );
}
