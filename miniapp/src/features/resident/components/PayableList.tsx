import { View } from '@tarojs/components';
import type { ResidentPayableView } from '@puhui/shared';
import { CellGroup, EmptyState, Loading } from '../../../components';
import type { ApiError } from '../../../lib/request';
import { PayableRow } from './PayableRow';
import './resident.css';

interface PayableListProps {
  /** null until the open years are known. */
  year: number | null;
  items: ResidentPayableView[] | undefined;
  error: ApiError | undefined;
  onPay: (item: ResidentPayableView) => void;
  onRetry: () => void;
  onVerify: () => void;
  onOpenFamily: () => void;
}

/** 缴费列表: only bound relatives in 城乡居民医保 (seed step 3), with the chosen year's amount. */
export function PayableList({
  year,
  items,
  error,
  onPay,
  onRetry,
  onVerify,
  onOpenFamily,
}: PayableListProps) {
  const unpublished = items?.some((item) => item.amountFen === null && !item.paid);
  return (
    <CellGroup
      title={year === null ? '缴费列表' : `${year}年度缴费列表`}
      footer={items?.length ? '每位亲属每年度缴费一次，费用从您的医保个人账户扣除。' : undefined}
    >
      {!items && !error && <Loading />}
      {error && (
        <EmptyState
          testId="resident-error"
          title="缴费列表加载失败"
          description={error.message}
          action={
            error.code === 'IDENTITY_REQUIRED'
              ? { text: '去实名认证', onClick: onVerify, testId: 'resident-verify' }
              : { text: '重新加载', onClick: onRetry, testId: 'resident-retry' }
          }
        />
      )}
      {items?.length === 0 && (
        <EmptyState
          testId="resident-empty"
          title="暂无可缴费的亲属"
          description="这里只显示通过「共济办理」绑定、且参加城乡居民医保的亲属。亲属参加职工医保的，无需在此缴费。"
          action={{ text: '去共济办理', onClick: onOpenFamily, testId: 'resident-go-family' }}
        />
      )}
      {unpublished && (
        <View className="resident-notice" data-testid="resident-unpublished">
          该年度缴费标准尚未公布，公布后即可缴费，也可选择其他年度。
        </View>
      )}
      {items?.map((item) => (
        <PayableRow key={item.bindingId} item={item} onPay={() => onPay(item)} />
      ))}
    </CellGroup>
  );
}
