import { useRouter } from '@tarojs/taro';
import { Page } from '../../components';
import { ClaimGuideView, ContentLinks, EditionGate } from '../../features/product/content-pages';

/** 理赔指引 (首页, and each policy with its edition's code): how a claim is made, and where. */
export default function ClaimsPage() {
  const { code } = useRouter().params;
  return (
    <Page>
      <EditionGate code={code}>
        {(product) => (
          <>
            <ClaimGuideView product={product} />
            <ContentLinks code={product.code} links={['exclusions', 'help']} testIdPrefix="claims-link" />
          </>
        )}
      </EditionGate>
    </Page>
  );
}
