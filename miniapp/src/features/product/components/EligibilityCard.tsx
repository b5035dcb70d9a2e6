import { Text, View } from '@tarojs/components';
import { Card } from '../../../components';
import { ELIGIBLE_GROUPS } from '../content';
import './product.css';

export function EligibilityCard() {
  return (
    <Card title="谁可以参保" testId="eligibility">
      <View className="product__note">不限年龄、不限既往病史，以下人员均可参保：</View>
      {ELIGIBLE_GROUPS.map((group, index) => (
        <View key={group} className="product__list-item">
          <Text className="product__list-index">{index + 1}</Text>
          <Text className="product__list-text">{group}</Text>
        </View>
      ))}
    </Card>
  );
}
