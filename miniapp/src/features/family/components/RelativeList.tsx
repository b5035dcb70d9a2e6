import type { BindingView } from '@puhui/shared';
import { CellGroup, EmptyState, Loading } from '../../../components';
import type { ApiError } from '../../../lib/request';
import { RelativeRow } from './RelativeRow';

interface RelativeListProps {
  relatives: BindingView[] | undefined;
  error: ApiError | undefined;
  onOpen: (binding: BindingView) => void;
  onRetry: () => void;
  onVerify: () => void;
}

/** 我绑定的共济亲属: active ones first, then the history (as the API orders them). */
export function RelativeList({ relatives, error, onOpen, onRetry, onVerify }: RelativeListProps) {
  return (
    <CellGroup
      title="我绑定的共济亲属"
      footer={relatives?.length ? '点击亲属可查看共济消费记录或解除绑定。' : undefined}
    >
      {!relatives && !error && <Loading />}
      {error && (
        <EmptyState
          testId="family-error"
          title="共济亲属加载失败"
          description={error.message}
          action={
            error.code === 'IDENTITY_REQUIRED'
              ? { text: '去实名认证', onClick: onVerify, testId: 'family-verify' }
              : { text: '重新加载', onClick: onRetry, testId: 'family-retry' }
          }
        />
      )}
      {relatives?.length === 0 && (
        <EmptyState
          testId="family-empty"
          title="还没有绑定共济亲属"
          description="可为配偶、父母、子女、兄弟姐妹、祖父母/外祖父母、孙子女/外孙子女办理，亲属须为北京市基本医保参保人员"
        />
      )}
      {relatives?.map((binding) => (
        <RelativeRow key={binding.bindingId} binding={binding} onClick={() => onOpen(binding)} />
      ))}
    </CellGroup>
  );
}
