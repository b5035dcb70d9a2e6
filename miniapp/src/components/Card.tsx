import type { PropsWithChildren, ReactNode } from 'react';
import { Text, View } from '@tarojs/components';

interface CardProps {
  title?: ReactNode;
  extra?: ReactNode;
  className?: string;
  testId?: string;
}

export function Card({ title, extra, className, testId, children }: PropsWithChildren<CardProps>) {
  return (
    <View className={className ? `card ${className}` : 'card'} data-testid={testId}>
      {(title || extra) && (
        <View className="card__header">
          <Text className="card__title">{title}</Text>
          {extra}
        </View>
      )}
      {children}
    </View>
  );
}
