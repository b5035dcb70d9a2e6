/** Enumerations of the domain, as `as const` tuples so that both sides can list and narrow them. */

/** 参保险种 */
export const INSURANCE_TYPES = ['EMPLOYEE', 'RESIDENT', 'SPECIAL', 'CENTRAL_PUBLIC', 'NONE'] as const;
export type InsuranceType = (typeof INSURANCE_TYPES)[number];

/** 参保状态: ACTIVE 参保在保 */
export const PERSON_STATUSES = ['ACTIVE', 'SUSPENDED', 'ENDED'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

/** 居民类别 (for the 城乡居民医保 premium): 城乡老年人 / 学生儿童 / 劳动年龄内居民 */
export const RESIDENT_CATEGORIES = ['ELDERLY', 'STUDENT', 'WORKING_AGE'] as const;
export type ResidentCategory = (typeof RESIDENT_CATEGORIES)[number];

/**
 * 共济亲属关系 (the national 近亲属 list): the relative is the authoriser's … In the order a person looks
 * for them, closest first; 共济办理 offers a region's allowed ones in this order.
 */
export const RELATIONSHIPS = ['SPOUSE', 'PARENT', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const BINDING_STATUSES = ['ACTIVE', 'REVOKED', 'ENDED'] as const;
export type BindingStatus = (typeof BINDING_STATUSES)[number];

/** Kinds of personal-account ledger entry. */
export const LEDGER_KINDS = [
  'MONTHLY_CREDIT', // 月度划入
  'PUHUI_PREMIUM', // 普惠健康保保费
  'RESIDENT_PREMIUM', // 居民医保缴费
  'CLINIC_SETTLEMENT', // 就医购药结算
  'REFUND', // 退费
  'REVERSAL', // 冲正
  'ADJUSTMENT', // 核心记账调整 (registry import sets a new balance)
  // 医保钱包 transfers, two-phase: the hold lowers the available balance, then it is posted or voided
  'WALLET_HOLD', // 钱包转账冻结 (amount 0, held +x)
  'WALLET_TRANSFER', // 钱包转账转出 (amount −x, held −x: the receiver accepted)
  'WALLET_HOLD_VOID', // 钱包转账退回 (amount 0, held −x: not accepted in time)
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** 医保钱包 transfer states: held, then posted on acceptance or voided on expiry. */
export const WALLET_TRANSFER_STATUSES = ['PENDING', 'POSTED', 'VOIDED'] as const;
export type WalletTransferStatus = (typeof WALLET_TRANSFER_STATUSES)[number];

/** Kinds of 医保钱包 entry. */
export const WALLET_ENTRY_KINDS = [
  'TRANSFER_IN',
  'CLINIC_SETTLEMENT',
  'RESIDENT_PREMIUM',
  'REVERSAL',
] as const;
export type WalletEntryKind = (typeof WALLET_ENTRY_KINDS)[number];

export const PAYMENT_METHODS = ['PERSONAL_ACCOUNT', 'WECHAT_PAY'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const ORDER_STATUSES = ['PENDING_PAYMENT', 'PAID', 'CLOSED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const POLICY_STATUSES = ['ACTIVE', 'CANCELLED'] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

/** Reasons an auto-renewal did not charge. */
export const RENEWAL_FAILURE_REASONS = [
  'INSUFFICIENT_BALANCE',
  'BINDING_ENDED',
  'NOT_ELIGIBLE',
  'ALREADY_ENROLLED',
] as const;
export type RenewalFailureReason = (typeof RENEWAL_FAILURE_REASONS)[number];

export const ENTERPRISE_STATUSES = ['SUBMITTED', 'CONTACTED', 'ENROLLED', 'CLOSED'] as const;
export type EnterpriseStatus = (typeof ENTERPRISE_STATUSES)[number];

/** Chinese labels for the UI. */
export const LABELS = {
  insuranceType: {
    EMPLOYEE: '职工医保',
    RESIDENT: '城乡居民医保',
    SPECIAL: '特定人群',
    CENTRAL_PUBLIC: '中央公费医疗',
    NONE: '未参保',
  } satisfies Record<InsuranceType, string>,
  personStatus: { ACTIVE: '参保在保', SUSPENDED: '暂停参保', ENDED: '终止参保' } satisfies Record<
    PersonStatus,
    string
  >,
  residentCategory: {
    ELDERLY: '城乡老年人',
    STUDENT: '学生儿童',
    WORKING_AGE: '劳动年龄内居民',
  } satisfies Record<ResidentCategory, string>,
  relationship: {
    SPOUSE: '配偶',
    PARENT: '父母',
    CHILD: '子女',
    SIBLING: '兄弟姐妹',
    GRANDPARENT: '祖父母/外祖父母',
    GRANDCHILD: '孙子女/外孙子女',
  } satisfies Record<Relationship, string>,
  bindingStatus: { ACTIVE: '已绑定', REVOKED: '已解绑', ENDED: '已终止' } satisfies Record<
    BindingStatus,
    string
  >,
  ledgerKind: {
    MONTHLY_CREDIT: '个账划入',
    PUHUI_PREMIUM: '普惠健康保保费',
    RESIDENT_PREMIUM: '居民医保缴费',
    CLINIC_SETTLEMENT: '就医购药',
    REFUND: '退费',
    REVERSAL: '冲正',
    ADJUSTMENT: '记账调整',
    WALLET_HOLD: '钱包转账（待对方确认）',
    WALLET_TRANSFER: '钱包转账',
    WALLET_HOLD_VOID: '钱包转账退回',
  } satisfies Record<LedgerKind, string>,
  walletTransferStatus: { PENDING: '待对方确认', POSTED: '已到账', VOIDED: '已退回' } satisfies Record<
    WalletTransferStatus,
    string
  >,
  walletEntryKind: {
    TRANSFER_IN: '亲属转入',
    CLINIC_SETTLEMENT: '就医购药',
    RESIDENT_PREMIUM: '居民医保缴费',
    REVERSAL: '冲正',
  } satisfies Record<WalletEntryKind, string>,
  paymentMethod: { PERSONAL_ACCOUNT: '医保个账', WECHAT_PAY: '微信支付' } satisfies Record<
    PaymentMethod,
    string
  >,
} as const;
