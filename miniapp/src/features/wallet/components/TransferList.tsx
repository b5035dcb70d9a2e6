import { Text, View } from '@tarojs/components';
import { LABELS, type WalletTransferView } from '@puhui/shared';
import { AppButton, CellGroup, EmptyState, MoneyText } from '../../../components';
import { formatInstant } from '../../../lib/format';
import './wallet.css';

interface TransferListProps {
  direction: 'incoming' | 'outgoing';
  transfers: WalletTransferView[];
  /** The transfer being accepted (its button spins). */
  busy: string | null;
  onAccept?: (id: string) => void;
}

/** 转入 or 转出: each transfer with its state (待对方确认 / 已到账 / 已退回); the receiver's 确认收款 button. */
export function TransferList({ direction, transfers, busy, onAccept }: TransferListProps) {
  const incoming = direction === 'incoming';
  return (
    <CellGroup title={incoming ? '亲属转入' : '我的转出'}>
      {transfers.length === 0 && (
        <EmptyState testId={`wallet-${direction}-empty`} title={incoming ? '暂无亲属转入' : '暂无转出记录'} />
      )}
      {transfers.map((t) => {
        const other = incoming ? t.sender.person : t.receiver.person;
        return (
          <View className="cell" key={t.id} data-testid={`wallet-${direction}-row`} data-status={t.status}>
            <View className="cell__main">
              <View className="cell__title">
                {/* The relationship is the receiver's to the sender: said only on the sender's side. */}
                {incoming
                  ? `来自亲属 ${other.name}`
                  : `转给${LABELS.relationship[t.relationship]} ${other.name}`}
              </View>
              <View className="cell__description">
                {formatInstant(t.createdAt)}
                {t.status === 'PENDING' &&
                  (incoming
                    ? `，请在 ${formatInstant(t.expiresAt)} 前确认，逾期退回`
                    : `，对方未在 ${formatInstant(t.expiresAt)} 前确认将退回您的个账`)}
              </View>
            </View>
            <View className="wallet-transfer__side">
              <MoneyText fen={t.amountFen} testId={`wallet-${direction}-amount`} />
              <Text
                className={`wallet-status wallet-status--${t.status}`}
                data-testid={`wallet-${direction}-status`}
              >
                {LABELS.walletTransferStatus[t.status]}
              </Text>
              {incoming && t.status === 'PENDING' && onAccept && (
                <AppButton
                  size="small"
                  type="primary"
                  loading={busy === t.id}
                  onClick={() => onAccept(t.id)}
                  testId="wallet-accept"
                >
                  确认收款
                </AppButton>
              )}
            </View>
          </View>
        );
      })}
    </CellGroup>
  );
}
