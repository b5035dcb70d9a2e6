import { useRouter } from '@tarojs/taro';
import { Page } from '../../components';
import { ContentLinks, CoverDetails, EditionGate } from '../../features/product/content-pages';

/** 保障责任 (首页 and 立即投保: 保障内容): what the sum insured covers, in plain words. */
export default function CoverPage() {
  const { code } = useRouter().params;
  return (
    <Page>
      <EditionGate code={code}>
        {(product) => (
          <>
            <CoverDetails product={product} />
            <ContentLinks
              title="更多"
              code={product.code}
              links={['notice', 'terms', 'exclusions', 'claims']}
              testIdPrefix="cover-link"
            />
          </>
        )}
      </EditionGate>
    </Page>
  );
}
