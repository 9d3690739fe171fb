/**
 * 咨询问答: search the published answers (监督举报库) before asking. When nothing helps, the
 * citizen files a consultation through the report form, with the category already chosen.
 */
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';
import { searchKnowledge, type KnowledgeItem } from '../../api';
import { CONSULT_CODE } from '../../domain/categories';
import './index.scss';

const QUERY_MAX_CHARS = 50;

type Search =
  | { state: 'idle' }
  | { state: 'searching' }
  | { state: 'failed'; message: string }
  | { state: 'done'; query: string; items: KnowledgeItem[] };

export default function KnowledgePage() {
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<Search>({ state: 'idle' });
  const [hint, setHint] = useState('');
  const latest = useRef(0);

  async function run() {
    const text = query.trim();
    setHint(text ? '' : '请先写下您想问的问题，例如：打井要办什么手续');
    if (!text) return;
    // Only the newest search may show its answers, whatever order they come back in.
    const ticket = ++latest.current;
    setSearch({ state: 'searching' });
    try {
      const items = await searchKnowledge(text);
      if (ticket === latest.current) setSearch({ state: 'done', query: text, items });
    } catch (error) {
      if (ticket === latest.current)
        setSearch({
          state: 'failed',
          message: error instanceof Error ? error.message : '没有查到，请稍后再试。',
        });
    }
  }

  return (
    <View className='page'>
      <View className='card'>
        <Text className='knowledge__label'>您想了解什么？</Text>
        <Input
          id='knowledge-query'
          className='knowledge__input'
          value={query}
          maxlength={QUERY_MAX_CHARS}
          confirmType='search'
          placeholder='例如：河道采砂归谁管'
          onInput={(e) => setQuery(e.detail.value)}
          onConfirm={() => void run()}
        />
        {hint && <Text className='error-text'>{hint}</Text>}
        <Button
          id='knowledge-search'
          className='primary-button'
          disabled={search.state === 'searching'}
          onClick={() => void run()}
        >
          {search.state === 'searching' ? '正在查找…' : '查找答案'}
        </Button>
      </View>

      {search.state === 'failed' && <Text className='error-text'>{search.message}</Text>}
      {search.state === 'done' && search.items.length === 0 && (
        <View id='knowledge-empty' className='card'>
          <Text>没有找到和“{search.query}”有关的解答。您可以换个说法再查，或者直接向我们咨询。</Text>
        </View>
      )}
      {search.state === 'done' &&
        search.items.map((item) => (
          <View key={item.id} className='card knowledge-item'>
            <Text className='knowledge-item__question'>{item.question}</Text>
            <Text className='knowledge-item__answer'>{item.answer}</Text>
          </View>
        ))}

      <View className='card knowledge__consult'>
        <Text>没有找到您要的答案？可以直接向我们咨询，工作人员会答复您。</Text>
        <Button
          id='knowledge-consult'
          className='secondary-button'
          onClick={() => Taro.navigateTo({ url: `/pages/report/index?category=${CONSULT_CODE}` })}
        >
          我要咨询
        </Button>
      </View>
    </View>
  );
}
