import { Text, View } from '@tarojs/components';
import type { ProductView } from '@puhui/shared';
import { Card } from '../../../components';
import { enrolmentTerms } from '../content';
import { CheckMark } from './CheckMark';
import './enrolment.css';

interface TermsAcceptanceProps {
  product: ProductView;
  accepted: boolean;
  missing: boolean;
  onToggle: () => void;
}

/** 投保须知, which must be accepted before 确认支付. */
export function TermsAcceptance({ product, accepted, missing, onToggle }: TermsAcceptanceProps) {
  return (
    <Card title="投保须知" testId="terms">
      {enrolmentTerms(product).map((term, index) => (
        <View key={term} className="terms__item">
          <Text className="terms__index">{index + 1}.</Text>
          <Text className="terms__text">{term}</Text>
        </View>
      ))}
      <View className="terms__accept" data-testid="accept-terms" onClick={onToggle}>
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
