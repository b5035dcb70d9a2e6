import { Text, View } from '@tarojs/components';
import { formatFen } from '@puhui/shared';
import { Card } from '../../../components';
import { formatDate, formatFenAsWan } from '../../../lib/format';
import type { ProductView } from '../api';
import './product.css';

/** The headline numbers of an edition: premium, sum insured, enrolment deadline, coverage, insurers. */
export function ProductFacts({ product }: { product: ProductView }) {
  return (
    <Card title={product.name} className="product" testId="product-facts">
      <View className="product__stats">
        <View className="product__stat">
          <Text className="product__stat-value" data-testid="product-premium">
            {formatFen(product.premiumFen)}
          </Text>
          <Text className="product__stat-label">每人每年 · 老少同价</Text>
        </View>
        <View className="product__stat">
          <Text className="product__stat-value" data-testid="product-sum-insured">
            {formatFenAsWan(product.sumInsuredFen)}
          </Text>
          <Text className="product__stat-label">累计保额</Text>
        </View>
      </View>
      <View className="product__row">
        <Text className="product__row-label">投保截止</Text>
        <Text data-testid="product-enrollment-end">{formatDate(product.enrollmentEnd)}</Text>
      </View>
      <View className="product__row">
        <Text className="product__row-label">保障期限</Text>
        <Text>
          {formatDate(product.coverageStart)} 至 {formatDate(product.coverageEnd)}
        </Text>
      </View>
      <View className="product__row product__row--top">
        <Text className="product__row-label">承保公司</Text>
        <View className="product__insurers" data-testid="product-insurers">
          {product.insurers.map((insurer) => (
            <Text key={insurer} className="product__insurer">
              {insurer}
            </Text>
          ))}
        </View>
      </View>
    </Card>
  );
}
