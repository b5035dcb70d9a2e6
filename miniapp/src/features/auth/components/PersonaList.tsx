import { Text, View } from '@tarojs/components';
import { Cell, CellGroup, EmptyState, Loading } from '../../../components';
import type { DemoPersona } from '../api';
import './auth.css';

interface PersonaListProps {
  personas: DemoPersona[] | undefined;
  loading: boolean;
  failed: boolean;
  onPick: (persona: DemoPersona) => void;
}

/** Browser build only: the fictitious people of the demo registry, one tap to log in as one. */
export function PersonaList({ personas, loading, failed, onPick }: PersonaListProps) {
  return (
    <CellGroup
      title="演示用户（虚构人员，仅供体验）"
      footer="点击一位演示用户即可登录；实名认证时可一键填入其姓名和身份证号。"
    >
      {loading && <Loading />}
      {failed && <EmptyState title="演示用户列表不可用" description="可在下方输入登录代码登录" />}
      {personas?.length === 0 && <EmptyState title="暂无演示用户" />}
      {personas?.map((persona) => (
        <Cell
          key={persona.code}
          testId={`persona-${persona.code}`}
          arrow
          onClick={() => onPick(persona)}
          title={
            <View className="persona__title">
              <Text className="persona__name">{persona.name}</Text>
              <Text className="persona__description">{persona.description}</Text>
            </View>
          }
          description={
            <View className="persona__facts">
              <View>身份证号 {persona.idNumber}</View>
              {persona.paymentPassword && (
                <View data-testid="persona-password">支付密码 {persona.paymentPassword}</View>
              )}
            </View>
          }
        />
      ))}
    </CellGroup>
  );
}
