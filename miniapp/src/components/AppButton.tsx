import type { PropsWithChildren } from 'react';
import { Button } from '@tarojs/components';

interface AppButtonProps {
  type?: 'primary' | 'default' | 'warn';
  size?: 'large' | 'small';
  disabled?: boolean;
  /** Shows a spinner and ignores taps: no double submit while a request runs. */
  loading?: boolean;
  onClick?: () => void;
  testId?: string;
  className?: string;
}

/** WeUI button: green primary, grey default, red warn (the colours of ui.css, ≥ 4.5:1 under their text). */
export function AppButton({
  type = 'default',
  size = 'large',
  disabled,
  loading,
  onClick,
  testId,
  className,
  children,
}: PropsWithChildren<AppButtonProps>) {
  const classes = [
    'btn',
    `btn--${type}`,
    `btn--${size}`,
    (disabled || loading) && 'btn--disabled',
    className,
  ];
  return (
    <Button
      className={classes.filter(Boolean).join(' ')}
      disabled={disabled}
      loading={loading}
      hoverClass={disabled || loading ? 'none' : 'btn--pressed'}
      onClick={disabled || loading ? undefined : onClick}
      data-testid={testId}
    >
      {children}
    </Button>
  );
}
