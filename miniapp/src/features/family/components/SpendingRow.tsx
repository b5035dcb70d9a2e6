import { View } from '@tarojs/components';
import { LABELS, type LedgerEntryView } from '@puhui/shared';
import { MoneyText } from '../../../components';
import { formatInstant } from '../../../lib/format';
import './family.css';

/**
 * One payment from my account for the relative. Unlike the 个账余额 list it leaves out the balance after
 * the entry: the balance stays behind 显示余额 on that page.
 */
export function SpendingRow({ entry }: { entry: LedgerEntryView }) {
  return (
    <View className="cell spending" data-testid="spending-row">
      <View className="spending__main">
        <View data-testid="spending-kind">{LABELS.ledgerKind[entry.kind]}</View>
        {entry.reference && <View className="spending__reference">单号 {entry.reference}</View>}
        <View className="spending__time">{formatInstant(entry.createdAt)}</View>
      </View>
      <MoneyText fen={entry.amountFen} signed className="spending__amount" testId="spending-amount" />
    </View>
  );
}
