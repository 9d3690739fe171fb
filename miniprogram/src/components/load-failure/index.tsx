/** What a page shows when loading failed: the reason in plain words and a way to try again. */
import { Button, Text, View } from '@tarojs/components';

export default function LoadFailure({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <View className='card'>
      <Text className='error-text'>{message}</Text>
      <Button className='secondary-button' onClick={onRetry}>
        重新加载
      </Button>
    </View>
  );
}
