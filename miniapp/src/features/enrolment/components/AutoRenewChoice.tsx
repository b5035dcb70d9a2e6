import { Text, View } from '@tarojs/components';
import { AUTO_RENEW_CONSENT, formatFen } from '@puhui/shared';
import { Cell, CellGroup } from '../../../components';
import type { QuotedInsured } from '../hooks/use-checkout';
import { CheckMark } from './CheckMark';
import './enrolment.css';

interface AutoRenewChoiceProps {
  eligible: QuotedInsured[];
  ticked: ReadonlySet<string>;
  onToggle: (personId: string) => void;
}

/**
 * 开通次年自动投保缴费, per insured person, unticked until the payer ticks it, with the consent wording
 * they agree to by ticking (product.md §6: explicit and visible).
 */
export function AutoRenewChoice({ eligible, ticked, onToggle }: AutoRenewChoiceProps) {
  return (
    <CellGroup title={AUTO_RENEW_CONSENT.title}>
      {eligible.map(({ item, picked }) => (
        <Cell
          key={item.person.id}
          testId={`auto-renew-${item.person.id}`}
          title={
            <View className="insured__title">
              <CheckMark checked={ticked.has(item.person.id)} />
              <Text>
                为{picked.label} {item.person.name} 开通
              </Text>
            </View>
          }
          description={
            <View className="insured__description">
              明年开放投保后从本人医保个账自动扣缴，按届时价格（今年 {formatFen(item.premiumFen)}）
            </View>
          }
          onClick={() => onToggle(item.person.id)}
        />
      ))}
      <View className="consent" data-testid="auto-renew-consent">
        <View className="consent__title">勾选即表示同意：</View>
        <View>{AUTO_RENEW_CONSENT.text}</View>
        <View className="consent__hint">
          不勾选则不会自动续保，明年可再手动投保。为避免保障中断，建议开通。
        </View>
      </View>
    </CellGroup>
  );
}
