import { View } from '@tarojs/components';
import { Card } from '../../../components';
import './family.css';

/** What 家庭共济 is, and what it is not (亲情账户, which the official apps also offer). */
export function FamilyIntro() {
  return (
    <Card title="家庭共济（共济账户）" testId="family-intro">
      <View className="family-intro__text">
        绑定后，您的职工医保个人账户余额可为亲属支付就医购药的个人负担费用、城乡居民医保保费和北京普惠健康保保费。
      </View>
      <View className="family-intro__help" data-testid="family-intro-help">
        「亲情账户」只用于展示亲属的医保码，不能使用您的个账，与家庭共济不同。
      </View>
    </Card>
  );
}
