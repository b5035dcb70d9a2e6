import { Text, View } from '@tarojs/components';
import { LABELS } from '@puhui/shared';
import { CellGroup, MoneyText } from '../../../components';
import type { QuotedInsured } from '../hooks/use-checkout';
import './enrolment.css';

/** Each person of the quote: the price, or why they cannot be insured (greyed, left out of the order). */
export function QuoteList({ quoted }: { quoted: QuotedInsured[] }) {
  const refused = quoted.some(({ item }) => !item.eligible);
  return (
    <CellGroup
      title="被保险人"
      footer={refused ? '不符合投保条件的被保险人不计入本单，其他人可继续投保。' : undefined}
    >
      {quoted.map(({ item, picked }, index) => (
        <View
          key={item.person.id}
          className={item.eligible ? 'cell quote-item' : 'cell quote-item quote-item--refused'}
          data-testid={`quote-item-${index}`}
        >
          <View className="cell__main">
            <View className="cell__title">
              <Text className="quote-item__label">{picked.label}</Text>
              {item.person.name}
            </View>
            <View className="cell__description">
              {item.person.idNumberMasked} · {LABELS.insuranceType[item.person.insuranceType]}
            </View>
            {!item.eligible && (
              <View className="quote-item__reason" data-testid={`quote-reason-${index}`}>
                {item.reasonMessage ?? '不符合投保条件'}
              </View>
            )}
          </View>
          <View className="cell__value">
            {item.eligible ? (
              <MoneyText fen={item.premiumFen} testId={`quote-premium-${index}`} />
            ) : (
              <Text className="quote-item__excluded">不可投保</Text>
            )}
          </View>
        </View>
      ))}
    </CellGroup>
  );
}
