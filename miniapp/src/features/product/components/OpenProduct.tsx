import { EmptyState, Loading, Card } from '../../../components';
import type { ProductView } from '../api';
import { useOpenProduct } from '../hooks/use-open-product';
import { ProductFacts } from './ProductFacts';
import type { ReactNode } from 'react';

/**
 * The open edition with its facts, or the honest state when there is none: loading, 暂未开放, or the
 * error with a retry. `children` renders under the facts (e.g. the next step of 立即投保).
 */
export function OpenProduct({ children }: { children?: (product: ProductView) => ReactNode }) {
  const state = useOpenProduct();
  switch (state.status) {
    case 'loading':
      return (
        <Card>
          <Loading text="正在加载产品信息…" />
        </Card>
      );
    case 'closed':
      return (
        <Card testId="product-closed">
          <EmptyState title="本年度投保暂未开放" description="请关注北京普惠健康保开放投保的时间" />
        </Card>
      );
    case 'error':
      return (
        <Card testId="product-error">
          <EmptyState
            title="产品信息加载失败"
            description={state.message}
            action={{ text: '重新加载', onClick: state.retry, testId: 'product-retry' }}
          />
        </Card>
      );
    case 'open':
      return (
        <>
          <ProductFacts product={state.product} />
          {children?.(state.product)}
        </>
      );
  }
}
