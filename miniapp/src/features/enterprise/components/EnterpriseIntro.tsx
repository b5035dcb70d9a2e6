import { View } from '@tarojs/components';
import { Card } from '../../../components';
import './enterprise.css';

/** Who this is for (the official article: 企业为员工统一投保, 登记后工作人员联系). */
export function EnterpriseIntro() {
  return (
    <Card title="企业统一投保登记" testId="enterprise-intro">
      <View className="enterprise-intro__text">
        企业为员工统一投保北京普惠健康保，请登记企业信息，工作人员将与您联系办理。
      </View>
    </Card>
  );
}
