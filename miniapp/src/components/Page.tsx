import type { PropsWithChildren } from 'react';
import { View } from '@tarojs/components';

/**
 * Root of every page. Font sizes and touch targets are CSS variables on `.page` (see ui.css) so that
 * 长辈模式 can later enlarge them in one place.
 */
export function Page({ className, children }: PropsWithChildren<{ className?: string }>) {
  return <View className={className ? `page ${className}` : 'page'}>{children}</View>;
}
