import { errorMessage, type PersonView, type QuoteItem } from '@puhui/shared';

/** Beijing pooling-region codes start with 11. */
function inBeijingBasicInsurance(person: PersonView): boolean {
  return (
    person.status === 'ACTIVE' &&
    (person.insuranceType === 'EMPLOYEE' || person.insuranceType === 'RESIDENT') &&
    person.regionCode.startsWith('11')
  );
}

/**
 * 医保个账 is offered only when it may pay for every eligible person of the order (the quote says so per
 * person). When it may not, this says why in words the applicant can act on; null when it is offered.
 * The quote gives no reason per person, so the reason is read from who the applicant and the person are
 * (product.md §5: own 个账 as a Beijing employee; for relatives only through 家庭共济, and only when the
 * relative is in Beijing basic insurance).
 */
export function personalAccountUnavailableReason(
  applicant: PersonView,
  eligible: QuoteItem[],
): string | null {
  const blocked = eligible.filter((item) => !item.paymentMethods.includes('PERSONAL_ACCOUNT'));
  if (eligible.length === 0 || blocked.length === 0) return null;
  const applicantHasAccount =
    applicant.hasPersonalAccount &&
    applicant.insuranceType === 'EMPLOYEE' &&
    inBeijingBasicInsurance(applicant);
  if (!applicantHasAccount || blocked.some((item) => item.person.id === applicant.id)) {
    return `${errorMessage('NO_PERSONAL_ACCOUNT')}，请使用微信支付。`;
  }
  const names = (items: QuoteItem[]) => items.map((item) => item.person.name).join('、');
  const unbound = blocked.filter((item) => inBeijingBasicInsurance(item.person));
  const elsewhere = blocked.filter((item) => !inBeijingBasicInsurance(item.person));
  const reasons = [
    unbound.length > 0 &&
      `为家人使用个账需先办理家庭共济（${names(unbound)} 未绑定，可到 个人中心 - 共济办理 绑定）`,
    elsewhere.length > 0 && `${names(elsewhere)} 不在北京基本医保，不能使用个账缴费`,
  ].filter(Boolean);
  return `${reasons.join('；')}。本单可使用微信支付，或去掉这些被保险人后用个账缴费。`;
}
