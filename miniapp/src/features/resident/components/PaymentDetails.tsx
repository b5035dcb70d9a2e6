import { Text, View } from '@tarojs/components';
import { LABELS, waitingPeriodText, type PersonView, type ResidentPayableView } from '@puhui/shared';
import { Cell, CellGroup, MoneyText } from '../../../components';
import './resident.css';

interface PaymentDetailsProps {
  item: ResidentPayableView;
  year: number;
  payer: PersonView | null;
}

/**
 * 核对人员基本信息、缴费信息 (seed step 5): who is paid for, for which year, how much, by whom, and from
 * when benefits start — a 待遇等待期 (late payment or a break in cover) is said before the password.
 */
export function PaymentDetails({ item, year, payer }: PaymentDetailsProps) {
  const { person } = item.relative;
  return (
    <>
      <CellGroup title="人员基本信息">
        <Cell title="姓名" value={<Text data-testid="confirm-name">{person.name}</Text>} />
        <Cell title="证件号码" value={<Text data-testid="confirm-id">{person.idNumberMasked}</Text>} />
        <Cell title="与本人关系" value={LABELS.relationship[item.relationship]} />
        <Cell title="参保险种" value={LABELS.insuranceType[person.insuranceType]} />
        <Cell
          title="居民类别"
          value={
            <Text data-testid="confirm-category">
              {item.category ? LABELS.residentCategory[item.category] : '待核定'}
            </Text>
          }
        />
      </CellGroup>
      <CellGroup title="缴费信息">
        <Cell title="缴费年度" value={<Text data-testid="confirm-year">{year}年度</Text>} />
        <Cell title="缴费项目" value="城乡居民基本医疗保险（个人缴费）" />
        <Cell
          title="缴费金额"
          value={
            item.amountFen === null ? (
              <Text data-testid="confirm-amount">尚未公布</Text>
            ) : (
              <MoneyText className="resident-confirm__amount" fen={item.amountFen} testId="confirm-amount" />
            )
          }
        />
        <Cell title="支付方式" value="医保个人账户" />
        <Cell
          title="缴费人"
          value={<Text data-testid="confirm-payer">{payer ? `${payer.name}（本人）` : '本人'}</Text>}
        />
        <Cell
          title="待遇等待期"
          value={
            <Text data-testid="confirm-waiting">
              {item.waitingMonths > 0 ? `${item.waitingMonths} 个月` : '无'}
            </Text>
          }
        />
        <Cell
          title="享受待遇起始日"
          value={<Text data-testid="confirm-benefits-from">{item.benefitsFrom}</Text>}
        />
      </CellGroup>
      {!item.paid && item.waitingMonths > 0 && (
        <View className="resident-waiting" data-testid="resident-confirm-waiting">
          {waitingPeriodText(item.waitingMonths, item.benefitsFrom)}
          。按国家规定，未在集中参保期内缴费或断保后再参保的，设待遇等待期（3 个月，断保每多 1 年增加 1
          个月，断保 4 年及以上不少于 6 个月），等待期内发生的医疗费用医保不予报销。
        </View>
      )}
    </>
  );
}
