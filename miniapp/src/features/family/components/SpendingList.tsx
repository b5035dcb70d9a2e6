import { View } from '@tarojs/components';
import type { LedgerEntryView } from '@puhui/shared';
import { AppButton, CellGroup, EmptyState, Loading } from '../../../components';
import type { ApiError } from '../../../lib/request';
import { SpendingRow } from './SpendingRow';
import './family.css';

interface SpendingListProps {
  items: LedgerEntryView[];
  loaded: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  error: ApiError | null;
  onLoadMore: () => void;
  onRetry: () => void;
}

/** 共济消费记录, newest first, with 加载更多 (and the page loads more on reaching the bottom). */
export function SpendingList(props: SpendingListProps) {
  const { items, loaded, loadingMore, hasMore, error, onLoadMore, onRetry } = props;
  return (
    <CellGroup
      title="共济消费记录"
      footer="就医购药、居民医保和普惠健康保缴费中，由您的个账为该亲属支付的部分。"
    >
      {!loaded && <Loading />}
      {error && items.length === 0 && (
        <EmptyState
          testId="spending-error"
          title="共济消费记录加载失败"
          description={error.message}
          action={{ text: '重新加载', onClick: onRetry }}
        />
      )}
      {loaded && !error && items.length === 0 && (
        <EmptyState testId="spending-empty" title="暂无共济消费记录" />
      )}
      {items.map((entry) => (
        <SpendingRow key={entry.id} entry={entry} />
      ))}
      {items.length > 0 && (
        <View className="spending-list__footer">
          {hasMore ? (
            <AppButton size="small" loading={loadingMore} onClick={onLoadMore} testId="spending-more">
              {error ? '加载失败，点击重试' : '加载更多'}
            </AppButton>
          ) : (
            <View className="spending-list__end" data-testid="spending-end">
              没有更多了
            </View>
          )}
        </View>
      )}
    </CellGroup>
  );
}
