import type { PropsWithChildren, ReactNode } from 'react';
import { View } from '@tarojs/components';

/** WeUI `weui-cells`: a white group of cells with hairline separators, an optional title and tip. */
export function CellGroup({
  title,
  footer,
  children,
}: PropsWithChildren<{ title?: ReactNode; footer?: ReactNode }>) {
  return (
    <View className="cell-group">
      {title && <View className="cell-group__title">{title}</View>}
      <View className="cell-group__body">{children}</View>
      {footer && <View className="cell-group__footer">{footer}</View>}
    </View>
  );
}
