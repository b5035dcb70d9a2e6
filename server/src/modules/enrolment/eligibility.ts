import type { RegistryPerson as Person } from '../registry/registry.service';

/** What the rules read of a person. */
type Facts = Pick<
  Person,
  'id' | 'insuranceType' | 'status' | 'regionCode' | 'beijingHukou' | 'beijingResidencePermit'
>;

/** Beijing pooling-region codes start with 11. */
export function isBeijing(regionCode: string): boolean {
  return regionCode.startsWith('11');
}

function hasBasicInsurance(p: Facts): boolean {
  return p.status === 'ACTIVE' && (p.insuranceType === 'EMPLOYEE' || p.insuranceType === 'RESIDENT');
}

/** In Beijing basic insurance (职工 or 城乡居民), active. */
export function inBeijingBasicInsurance(p: Facts): boolean {
  return hasBasicInsurance(p) && isBeijing(p.regionCode);
}

/**
 * Who may be insured by 北京普惠健康保 (product.md §5), at any age and without health questions.
 * Returns null when eligible, otherwise the reason in words the user can act on.
 */
export function ineligibilityReason(p: Facts): string | null {
  if (p.status !== 'ACTIVE' || p.insuranceType === 'NONE') {
    return '被保险人未处于基本医保在保状态，请先参加基本医疗保险后再投保';
  }
  switch (p.insuranceType) {
    case 'EMPLOYEE':
    case 'RESIDENT':
      if (isBeijing(p.regionCode)) return null; // 1. 本市基本医保在保
      if (p.beijingHukou || p.beijingResidencePermit) return null; // 4. 新市民
      return '被保险人在外地参保，需持有北京户籍或北京市居住证才能投保';
    case 'SPECIAL':
      return isBeijing(p.regionCode) ? null : '特定人群需由北京市医疗保障局管理才能投保'; // 2.
    case 'CENTRAL_PUBLIC':
      return null; // 3. 中央公费医疗
  }
}

/**
 * May `payer`'s 个账 pay for `insured`? Own account for oneself; for someone else only through an active
 * 家庭共济 binding, and only when the insured is in Beijing basic insurance. Returns null when allowed,
 * otherwise the refusal code.
 */
export function personalAccountRefusal(
  payer: Facts,
  payerHasAccount: boolean,
  insured: Facts,
  bound: boolean,
): 'PAYMENT_METHOD_NOT_ALLOWED' | 'BINDING_REQUIRED' | null {
  if (!payerHasAccount || !inBeijingBasicInsurance(payer) || payer.insuranceType !== 'EMPLOYEE') {
    return 'PAYMENT_METHOD_NOT_ALLOWED';
  }
  if (insured.id === payer.id) return null;
  if (!inBeijingBasicInsurance(insured)) return 'PAYMENT_METHOD_NOT_ALLOWED';
  return bound ? null : 'BINDING_REQUIRED';
}
