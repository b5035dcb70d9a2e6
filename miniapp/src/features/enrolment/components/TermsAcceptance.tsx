import { useEffect, useRef } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ProductView } from '@puhui/shared';
import { Card, Cell } from '../../../components';
import { openPage } from '../../../lib/navigation';
import { PAGES } from '../../../lib/pages';
import { enrolmentTerms } from '../content';
import { CheckMark } from './CheckMark';
import './enrolment.css';

interface TermsAcceptanceProps {
  product: ProductView;
  accepted: boolean;
  missing: boolean;
  onToggle: () => void;
}

/** The edition's full texts, each a page of its own (packages/product/text). */
const TERMS_DOCUMENTS = [
  { kind: 'notice', title: '投保须知' },
  { kind: 'terms', title: '保险条款' },
  { kind: 'exclusions', title: '责任免除' },
] as const;

/** The element id of the 同意 line, to scroll it into view when 确认支付 finds it unticked. */
export const TERMS_ACCEPT_ID = 'terms-accept';

/**
 * 投保须知, which must be accepted before 确认支付. Each refused 确认支付 (`missing` turning on) brings the
 * 同意 line into view and marks it: the bar at the bottom hides where the checkbox is.
 */
export function TermsAcceptance({ product, accepted, missing, onToggle }: TermsAcceptanceProps) {
  const wasMissing = useRef(false);
  useEffect(() => {
    if (missing && !wasMissing.current) scrollIntoView(TERMS_ACCEPT_ID);
    wasMissing.current = missing;
  }, [missing]);
  return (
    <Card title="投保须知" testId="terms">
      {enrolmentTerms(product).map((term, index) => (
        <View key={term} className="terms__item">
          <Text className="terms__index">{index + 1}.</Text>
          <Text className="terms__text">{term}</Text>
        </View>
      ))}
      {TERMS_DOCUMENTS.map((doc) => (
        <Cell
          key={doc.kind}
          testId={`terms-doc-${doc.kind}`}
          title={`阅读《${doc.title}》`}
          arrow
          onClick={() =>
            openPage(`${PAGES.editionText}?kind=${doc.kind}&code=${encodeURIComponent(product.code)}`)
          }
        />
      ))}
      <View
        id={TERMS_ACCEPT_ID}
        className={missing ? 'terms__accept terms__accept--missing' : 'terms__accept'}
        data-testid="accept-terms"
        onClick={onToggle}
      >
        <CheckMark checked={accepted} />
        <Text>我已阅读并同意《投保须知》</Text>
      </View>
      {missing && (
        <View className="terms__missing" data-testid="terms-error">
          请先阅读并勾选同意《投保须知》，再确认支付
        </View>
      )}
    </Card>
  );
}

function scrollIntoView(id: string) {
  if (process.env.TARO_ENV === 'h5') {
    document.getElementById(id)?.scrollIntoView({ block: 'center' });
    return;
  }
  Taro.pageScrollTo({ selector: `#${id}`, offsetTop: -120, duration: 300 });
}
