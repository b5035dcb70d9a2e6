import { View } from '@tarojs/components';
import type { LedgerEntryView } from '@puhui/shared';
import { AppButton, CellGroup, EmptyState, Loading } from '../../../components';
import type { ApiError } from '../../../lib/request';
import { EntryRow } from './EntryRow';
import './account.css';

interface EntryListProps {
  items: LedgerEntryView[];
  loaded: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  error: ApiError | null;
  balanceVisible: boolean;
  onLoadMore: () => void;
  onRetry: () => void;
}

export function EntryList(props: EntryListProps) {
  const { items, loaded, loadingMore, hasMore, error, balanceVisible, onLoadMore, onRetry } = props;
  const firstPageFailed = error && items.length === 0;
  return (
    <CellGroup title="账户明细">
      {!loaded && <Loading />}
      {firstPageFailed && (
        <EmptyState
          testId="entries-error"
          title={error.code === 'NO_PERSONAL_ACCOUNT' ? '暂无个人账户明细' : '明细加载失败'}
          description={error.message}
          action={error.code === 'NO_PERSONAL_ACCOUNT' ? undefined : { text: '重新加载', onClick: onRetry }}
        />
      )}
      {loaded && !error && items.length === 0 && <EmptyState testId="entries-empty" title="暂无账户明细" />}
      {items.map((entry) => (
        <EntryRow key={entry.id} entry={entry} balanceVisible={balanceVisible} />
      ))}
      {items.length > 0 && (
        <View className="entries__footer">
          {hasMore ? (
            <AppButton size="small" loading={loadingMore} onClick={onLoadMore} testId="entries-more">
              {error ? '加载失败，点击重试' : '加载更多'}
            </AppButton>
          ) : (
            <View className="entries__end" data-testid="entries-end">
              没有更多了
            </View>
          )}
        </View>
      )}
    </CellGroup>
  );
}
