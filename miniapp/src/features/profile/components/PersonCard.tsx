import { Text, View } from '@tarojs/components';
import { LABELS, type PersonView } from '@puhui/shared';
import { AppButton, Card } from '../../../components';
import './profile.css';

/** The verified person: name, masked ID number, insurance type and status. */
export function PersonCard({ person }: { person: PersonView }) {
  return (
    <Card className="person" testId="person-card">
      <View className="person__head">
        <View className="person__avatar">{Array.from(person.name)[0]}</View>
        <View className="person__main">
          <Text className="person__name" data-testid="person-name">
            {person.name}
          </Text>
          <Text className="person__id" data-testid="person-id">
            {person.idNumberMasked}
          </Text>
        </View>
      </View>
      <View className="person__tags">
        <Text className="person__tag person__tag--primary" data-testid="person-insurance-type">
          {LABELS.insuranceType[person.insuranceType]}
        </Text>
        <Text className="person__tag">{LABELS.personStatus[person.status]}</Text>
        {person.hasPersonalAccount && <Text className="person__tag">有个人账户</Text>}
      </View>
    </Card>
  );
}

/** Logged in, but not linked to a registry person yet. */
export function UnverifiedCard({ onVerify }: { onVerify: () => void }) {
  return (
    <Card className="person" testId="person-unverified">
      <View className="person__head">
        <View className="person__avatar person__avatar--empty">?</View>
        <View className="person__main">
          <Text className="person__name">尚未实名认证</Text>
          <Text className="person__id">认证后才能查询个账、办理共济和投保</Text>
        </View>
      </View>
      <AppButton type="primary" onClick={onVerify} testId="go-identity">
        去实名认证
      </AppButton>
    </Card>
  );
}

export function GuestCard({ onLogin }: { onLogin: () => void }) {
  return (
    <Card className="person" testId="person-guest">
      <View className="person__head">
        <View className="person__avatar person__avatar--empty">?</View>
        <View className="person__main">
          <Text className="person__name">未登录</Text>
          <Text className="person__id">登录后查看您的参保信息</Text>
        </View>
      </View>
      <AppButton type="primary" onClick={onLogin} testId="go-login">
        登录
      </AppButton>
    </Card>
  );
}
