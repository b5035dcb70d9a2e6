import { Text, View } from '@tarojs/components';
import { LABELS, type AuthorizerView } from '@puhui/shared';
import { AppButton, Cell, CellGroup } from '../../../components';
import { authorizerRelationship } from '../labels';
import './family.css';

interface AuthorizerListProps {
  order: AuthorizerView[];
  disabled: boolean;
  onMove: (index: number, delta: -1 | 1) => void;
}

/** The accounts that pay for me, in the order they are used; ↑ / ↓ move one by a place. */
export function AuthorizerList({ order, disabled, onMove }: AuthorizerListProps) {
  return (
    <CellGroup title="使用顺序" footer={order.length > 1 ? '调整后点击「保存顺序」生效。' : undefined}>
      {order.map((item, index) => (
        <Cell
          key={item.bindingId}
          testId="authorizer-row"
          title={
            <View className="family-row__title">
              <Text className="authorizer__priority" data-testid="authorizer-priority">
                第{index + 1}顺位
              </Text>
              <Text data-testid="authorizer-name">{item.authorizer.person.name}</Text>
              <Text className="family-relationship">
                {LABELS.relationship[authorizerRelationship(item.relationship)]}
              </Text>
            </View>
          }
          description={item.authorizer.person.idNumberMasked}
          value={
            order.length > 1 ? (
              <View className="authorizer__moves">
                <AppButton
                  size="small"
                  disabled={disabled || index === 0}
                  onClick={() => onMove(index, -1)}
                  testId="move-up"
                >
                  上移
                </AppButton>
                <AppButton
                  size="small"
                  disabled={disabled || index === order.length - 1}
                  onClick={() => onMove(index, 1)}
                  testId="move-down"
                >
                  下移
                </AppButton>
              </View>
            ) : undefined
          }
        />
      ))}
    </CellGroup>
  );
}
