import { Text, View } from '@tarojs/components';
import { LABELS, formatFen, maskName, type LedgerEntryView } from '@puhui/shared';
import { MoneyText } from '../../../components';
import { formatInstant } from '../../../lib/format';
import './account.css';

/**
 * One ledger entry. The balance after it is masked while the balance itself is hidden, or the list
 * would give away what 显示余额 keeps hidden.
 */
export function EntryRow({ entry, balanceVisible }: { entry: LedgerEntryView; balanceVisible: boolean }) {
  return (
    <View className="cell entry" data-testid="entry-row">
      <View className="entry__main">
        <View className="entry__kind" data-testid="entry-kind">
          {LABELS.ledgerKind[entry.kind]}
        </View>
        <View className="entry__beneficiary">
          {maskName(entry.beneficiary.name)} {entry.beneficiary.idNumberMasked}
        </View>
        <View className="entry__time">{formatInstant(entry.createdAt)}</View>
      </View>
      <View className="entry__side">
        {entry.amountFen === 0 && entry.heldFen !== 0 ? (
          // A 医保钱包 hold or its release: the balance stays, what is available moves.
          <Text className="entry__amount" data-testid="entry-amount">
            {entry.heldFen > 0 ? '冻结' : '解冻'} {formatFen(Math.abs(entry.heldFen))}
          </Text>
        ) : (
          <MoneyText fen={entry.amountFen} signed className="entry__amount" testId="entry-amount" />
        )}
        <Text className="entry__balance">
          余额 {balanceVisible ? formatFen(entry.balanceAfterFen) : '****'}
        </Text>
      </View>
    </View>
  );
}
