import { View } from '@tarojs/components';
import { AppButton, Card } from '../../../components';
import './auth.css';

export function WechatLogin({ busy, onLogin }: { busy: boolean; onLogin: () => void }) {
  return (
    <Card>
      <View className="login__intro">
        登录后可查询医保个账余额、办理家庭共济、为自己和家人投保北京普惠健康保。
      </View>
      <AppButton type="primary" loading={busy} onClick={onLogin} testId="login-wechat">
        微信一键登录
      </AppButton>
    </Card>
  );
}
