import { View } from '@tarojs/components';
import { Card } from '../../../components';
import './resident.css';

/** What this page does and for whom. */
export function ResidentIntro() {
  return (
    <Card title="为家人缴居民医保" testId="resident-intro">
      <View className="resident-intro__text">
        用您的职工医保个人账户余额，为已办理家庭共济、参加城乡居民医保的近亲属（配偶、父母、子女等）缴纳个人缴费部分。
      </View>
    </Card>
  );
}
