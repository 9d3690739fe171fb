/**
 * Finds an answer in the knowledge base (监督举报库) for a consultation: staff search, tap an
 * entry, and its answer fills the form, where they may still edit it before sending.
 */
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { searchKnowledge, type KnowledgeEntry } from '../../../../api/staff-api';

export default function KnowledgePicker({ onPick }: { onPick: (entry: KnowledgeEntry) => void }) {
  const [query, setQuery] = useState('');
  const [entries, setEntries] = useState<KnowledgeEntry[] | null>(null);
  const [message, setMessage] = useState('');
  const [picked, setPicked] = useState('');

  async function search() {
    if (!query.trim()) {
      setMessage('请输入要查找的关键词。');
      return;
    }
    setMessage('');
    try {
      const found = await searchKnowledge(query.trim());
      setEntries(found);
      if (found.length === 0) setMessage('知识库里没有找到相关答复，请直接填写答复内容。');
    } catch (error) {
      setMessage(error instanceof Error ? error.message : '查找没有成功，请稍后再试。');
    }
  }

  return (
    <View className='action-form__field'>
      <Text className='action-form__label'>从知识库查找答复（可选）</Text>
      <Input
        id='action-knowledge-query'
        className='action-form__input'
        value={query}
        placeholder='输入关键词，例如：取水许可'
        onInput={(e) => setQuery(e.detail.value)}
        onConfirm={() => void search()}
      />
      <Button id='action-knowledge-search' className='secondary-button' onClick={() => void search()}>
        查找
      </Button>
      {message && <Text className='muted'>{message}</Text>}
      {entries?.map((entry) => (
        <View
          key={entry.id}
          className={entry.id === picked ? 'knowledge-result is-picked' : 'knowledge-result'}
          onClick={() => {
            setPicked(entry.id);
            onPick(entry);
          }}
        >
          <Text className='knowledge-result__question'>{entry.question}</Text>
          <Text className='muted'>{entry.id === picked ? '已选用这条答复' : '点此选用这条答复'}</Text>
        </View>
      ))}
    </View>
  );
}
