import type { ReactNode } from 'react';
import type { ProductView } from '@puhui/shared';
import { Card, EmptyState, Loading } from '../../../components';
import { useEdition } from '../hooks/use-edition';

/**
 * The edition a content page shows (by `code`, or the open one), with the honest states around it:
 * loading, 暂未开放, or the error with a retry.
 */
export function EditionGate({
  code,
  children,
}: {
  code?: string;
  children: (product: ProductView) => ReactNode;
}) {
  const state = useEdition(code);
  switch (state.status) {
    case 'loading':
      return (
        <Card>
          <Loading text="正在加载…" />
        </Card>
      );
    case 'closed':
      return (
        <Card testId="edition-closed">
          <EmptyState title="本年度投保暂未开放" description="开放投保后即可在这里查看本年度的保障内容。" />
        </Card>
      );
    case 'error':
      return (
        <Card testId="edition-error">
          <EmptyState
            title={state.message}
            description="请检查网络后重新加载。"
            action={{ text: '重新加载', onClick: state.retry, testId: 'edition-retry' }}
          />
        </Card>
      );
    case 'ready':
      return <>{children(state.product)}</>;
  }
}

/** What a page shows for a part of the edition's texts the operator has not published yet. */
export function Unpublished({ what, year }: { what: string; year: number }) {
  return (
    <Card testId="content-unpublished">
      <EmptyState
        title={`${year}年度${what}尚未发布`}
        description="发布后会在这里显示。如有疑问，可在“常见问题与客服”中联系客服。"
      />
    </Card>
  );
}
