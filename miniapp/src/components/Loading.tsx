import { View } from '@tarojs/components';

export function Loading({ text = '加载中…' }: { text?: string }) {
  return (
    <View className="loading" data-testid="loading">
      <View className="loading__spinner" />
      <View className="loading__text">{text}</View>
    </View>
  );
}
