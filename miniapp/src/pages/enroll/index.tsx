import { Page } from '../../components';
import { EnrolStart } from '../../features/enrolment';
import { ContentLinks, OpenProduct } from '../../features/product';

/** 立即投保: the open edition (¥195.00 老少同价 …) and its 保障内容, then 选择被保险人 and 下一步. */
export default function EnrollPage() {
  return (
    <Page>
      <OpenProduct>
        {(product) => (
          <>
            <ContentLinks code={product.code} links={['cover']} testIdPrefix="enrol" />
            <EnrolStart product={product} />
          </>
        )}
      </OpenProduct>
    </Page>
  );
}
