import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { usePageData } from '../lib/use-page-data';

export interface Notice {
  type: 'success' | 'warn';
  title: string;
  description?: string;
}

/**
 * The outcome of what the user just did (绑定成功, 已解除绑定, a refusal), in the page, until they
 * close it: a toast is gone before it is read, or replaced by the next loading toast.
 */
export function ResultNotice({
  notice,
  onClose,
  testId = 'result-notice',
}: {
  notice: Notice;
  onClose?: () => void;
  testId?: string;
}) {
  return (
    <View
      className={`result-notice result-notice--${notice.type}`}
      data-testid={testId}
      data-type={notice.type}
    >
      <View className="result-notice__body">
        <Text className="result-notice__icon">{notice.type === 'success' ? '✓' : '!'}</Text>
        <View className="result-notice__text">
          <View className="result-notice__title" data-testid={`${testId}-title`}>
            {notice.title}
          </View>
          {notice.description && <View className="result-notice__description">{notice.description}</View>}
        </View>
      </View>
      {onClose && (
        <View className="result-notice__close" data-testid={`${testId}-close`} onClick={onClose}>
          知道了
        </View>
      )}
    </View>
  );
}

/** Notices left for a page by the one that navigated to it (e.g. 添加亲属 → 共济办理). */
const left = new Map<string, Notice>();

/** Leaves `notice` for the page at `path`, shown when it shows next. */
export function leaveNotice(path: string, notice: Notice): void {
  left.set(path, notice);
}

/** The notice left for this page, kept on screen until closed (or replaced by a newer one). */
export function usePageNotice(path: string) {
  const [notice, setNotice] = useState<Notice | null>(null);
  usePageData(() => {
    const next = left.get(path);
    if (!next) return;
    left.delete(path);
    setNotice(next);
  });
  return { notice, close: () => setNotice(null) };
}
