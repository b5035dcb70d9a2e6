import { Text } from '@tarojs/components';
import { formatFen } from '@puhui/shared';
import { formatSignedFen } from '../lib/format';

interface MoneyTextProps {
  fen: number;
  /** Show `+` for credits and colour debits/credits (ledger movements). */
  signed?: boolean;
  className?: string;
  testId?: string;
}

export function MoneyText({ fen, signed, className, testId }: MoneyTextProps) {
  const classes = ['money', signed && (fen > 0 ? 'money--credit' : 'money--debit'), className].filter(
    Boolean,
  );
  return (
    <Text className={classes.join(' ')} data-testid={testId}>
      {signed ? formatSignedFen(fen) : formatFen(fen)}
    </Text>
  );
}
