import type { PropsWithChildren } from 'react';
import { View } from '@tarojs/components';
import { useElderMode } from '../lib/elder-mode';
import { PrivacyPopup } from './PrivacyPopup';

/**
 * Root of every page. Font sizes, line spacing and touch targets are CSS variables on `.page` (see
 * ui.css); 长辈模式 (`page--elder`) enlarges them all in one place.
 */
export function Page({ className, children }: PropsWithChildren<{ className?: string }>) {
  const elder = useElderMode();
  const classes = ['page', elder && 'page--elder', className].filter(Boolean).join(' ');
  return (
    <View className={classes} data-elder={elder ? 'true' : undefined}>
      {children}
      {process.env.TARO_ENV === 'weapp' && <PrivacyPopup />}
    </View>
  );
}
