import { View } from '@tarojs/components';
import { LABELS, type WalletEntryView } from '@puhui/shared';
import { CellGroup, EmptyState, MoneyText } from '../../../components';
import { formatInstant } from '../../../lib/format';
import './wallet.css';

/** 钱包明细: each entry (转入, 就医购药, 居民医保缴费) with its amount and the balance after it. */
export function EntryList({ entries }: { entries: WalletEntryView[] }) {
  return (
    <CellGroup title="钱包明细">
      {entries.length === 0 && <EmptyState testId="wallet-entries-empty" title="暂无钱包明细" />}
      {entries.map((e) => (
        <View className="cell" key={e.id} data-testid="wallet-entry-row" data-kind={e.kind}>
          <View className="cell__main">
            <View className="cell__title">{e.memo ?? LABELS.walletEntryKind[e.kind]}</View>
            <View className="cell__description">
              {LABELS.walletEntryKind[e.kind]} · {formatInstant(e.createdAt)}
            </View>
          </View>
          <View className="wallet-transfer__side">
            <MoneyText fen={e.amountFen} signed testId="wallet-entry-amount" />
            <View className="cell__description">
              余额 <MoneyText fen={e.balanceAfterFen} />
            </View>
          </View>
        </View>
      ))}
    </CellGroup>
  );
}
