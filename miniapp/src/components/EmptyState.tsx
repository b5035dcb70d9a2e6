import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { AppButton } from './AppButton';

interface EmptyStateProps {
  title: ReactNode;
  description?: ReactNode;
  action?: { text: string; onClick: () => void; testId?: string };
  testId?: string;
}

/** Shown where a list or a piece of data is empty, not open yet, or could not be loaded. */
export function EmptyState({ title, description, action, testId }: EmptyStateProps) {
  return (
    <View className="empty-state" data-testid={testId}>
      <View className="empty-state__title">{title}</View>
      {description && <View className="empty-state__description">{description}</View>}
      {action && (
        <View className="empty-state__action">
          <AppButton size="small" onClick={action.onClick} testId={action.testId}>
            {action.text}
          </AppButton>
        </View>
      )}
    </View>
  );
}
