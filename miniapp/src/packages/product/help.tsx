import { useRouter } from '@tarojs/taro';
import { Page } from '../../components';
import { ContentLinks, EditionGate, HelpView } from '../../features/product/content-pages';

/** 常见问题 and 客服 (首页). */
export default function HelpPage() {
  const { code } = useRouter().params;
  return (
    <Page>
      <EditionGate code={code}>
        {(product) => (
          <>
            <HelpView product={product} />
            <ContentLinks code={product.code} links={['cover', 'claims']} testIdPrefix="help-link" />
          </>
        )}
      </EditionGate>
    </Page>
  );
}
