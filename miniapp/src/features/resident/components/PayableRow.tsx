import { Text, View } from '@tarojs/components';
import { LABELS, type ResidentPayableView } from '@puhui/shared';
import { AppButton, Cell, MoneyText } from '../../../components';
import './resident.css';

/** A relative in 城乡居民医保: masked name, relationship, category; the year's amount and 缴费 / 已缴费. */
export function PayableRow({ item, onPay }: { item: ResidentPayableView; onPay: () => void }) {
  const { person } = item.relative;
  return (
    <Cell
      testId="resident-row"
      className="resident-row"
      title={
        <View className="resident-row__title">
          <Text data-testid="resident-name">{person.name}</Text>
          <Text className="resident-relationship" data-testid="resident-relationship">
            {LABELS.relationship[item.relationship]}
          </Text>
        </View>
      }
      description={
        <>
          <View className="resident-row__id">{person.idNumberMasked}</View>
          <View data-testid="resident-category">
            {item.category ? LABELS.residentCategory[item.category] : '居民类别待核定'}
          </View>
        </>
      }
      value={
        <View className="resident-row__side">
          {item.amountFen === null ? (
            <Text className="resident-row__unpublished" data-testid="resident-amount">
              尚未公布
            </Text>
          ) : (
            <MoneyText className="resident-row__amount" fen={item.amountFen} testId="resident-amount" />
          )}
          {item.paid ? (
            <Text className="resident-tag resident-tag--paid" data-testid="resident-paid">
              已缴费
            </Text>
          ) : (
            item.amountFen !== null && (
              <AppButton size="small" type="primary" onClick={onPay} testId="resident-pay">
                缴费
              </AppButton>
            )
          )}
        </View>
      }
    />
  );
}
