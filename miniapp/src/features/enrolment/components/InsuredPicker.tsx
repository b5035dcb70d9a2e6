import { Text, View } from '@tarojs/components';
import type { BindingView, PersonView, ProductView } from '@puhui/shared';
import { AppButton, Cell, CellGroup, MoneyText } from '../../../components';
import { useInsuredSelection } from '../hooks/use-insured-selection';
import { useOtherInsuredForm } from '../hooks/use-other-insured-form';
import { CheckMark } from './CheckMark';
import { OtherInsuredForm } from './OtherInsuredForm';
import './enrolment.css';

interface InsuredPickerProps {
  product: ProductView;
  applicant: PersonView;
  relatives: BindingView[];
}

/** 选择被保险人: tick 本人, bound relatives and people typed in, then 下一步 (the quote). */
export function InsuredPicker({ product, applicant, relatives }: InsuredPickerProps) {
  const selection = useInsuredSelection(product, applicant, relatives);
  const form = useOtherInsuredForm(selection.addOther);
  const count = selection.picked.length;
  return (
    <>
      <CellGroup
        title="选择被保险人"
        footer={
          relatives.length === 0
            ? '暂无已绑定的共济家人。用医保个账为家人缴费，需先在 个人中心 - 共济办理 绑定配偶、父母、子女等近亲属。'
            : '已绑定家庭共济的家人可用您的医保个账缴费；其他被保险人可使用微信支付。'
        }
      >
        {selection.candidates.map((candidate) => (
          <Cell
            key={candidate.key}
            testId={candidate.testId}
            className={candidate.enrolled ? 'insured insured--enrolled' : 'insured'}
            title={
              <View className="insured__title">
                <CheckMark checked={!candidate.enrolled && selection.selected.has(candidate.key)} />
                <Text>{candidate.title}</Text>
                {candidate.enrolled && (
                  <Text className="insured__enrolled" data-testid={`${candidate.testId}-enrolled`}>
                    已投保
                  </Text>
                )}
              </View>
            }
            description={<View className="insured__description">{candidate.description}</View>}
            value={
              candidate.removable ? (
                <Text
                  className="insured__remove"
                  data-testid={`${candidate.testId}-remove`}
                  onClick={(event) => {
                    event.stopPropagation();
                    if ('idNumber' in candidate.ref) selection.removeOther(candidate.ref.idNumber);
                  }}
                >
                  删除
                </Text>
              ) : undefined
            }
            onClick={() => selection.toggle(candidate.key)}
          />
        ))}
        {form.open ? (
          <OtherInsuredForm form={form} />
        ) : (
          <Cell
            testId="add-insured"
            title={<Text className="insured__add">＋ 添加其他被保险人</Text>}
            description="填写姓名和身份证号，为未绑定共济的家人投保"
            arrow
            onClick={form.show}
          />
        )}
      </CellGroup>
      {selection.error && (
        <View className="notice notice--warn" data-testid="enrol-error-message">
          {selection.error}
        </View>
      )}
      <View className="enrol-next">
        <View className="enrol-next__summary">
          已选 <Text data-testid="enrol-count">{count}</Text> 人，保费
          <MoneyText fen={count * product.premiumFen} className="enrol-next__amount" />
        </View>
        <AppButton
          type="primary"
          disabled={count === 0}
          loading={selection.quoting}
          onClick={() => void selection.next()}
          testId="enrol-next"
        >
          下一步
        </AppButton>
      </View>
    </>
  );
}
