import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';

interface CellProps {
  title: ReactNode;
  /** Second line under the title, in grey. */
  description?: ReactNode;
  /** Right-hand side. */
  value?: ReactNode;
  /** Shows the › of a cell that opens another page. */
  arrow?: boolean;
  disabled?: boolean;
  onClick?: () => void;
  testId?: string;
  className?: string;
}

export function Cell({ title, description, value, arrow, disabled, onClick, testId, className }: CellProps) {
  const tappable = Boolean(onClick) && !disabled;
  const classes = ['cell', tappable && 'cell--tappable', disabled && 'cell--disabled', className].filter(
    Boolean,
  );
  return (
    <View
      className={classes.join(' ')}
      hoverClass={tappable ? 'cell--pressed' : 'none'}
      onClick={tappable ? onClick : undefined}
      data-testid={testId}
    >
      <View className="cell__main">
        <View className="cell__title">{title}</View>
        {description && <View className="cell__description">{description}</View>}
      </View>
      {value !== undefined && <View className="cell__value">{value}</View>}
      {arrow && <Text className="cell__arrow" />}
    </View>
  );
}
