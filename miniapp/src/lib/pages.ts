/** Paths of the mini-program's pages, as `Taro.navigateTo` wants them. */
export const PAGES = {
  home: '/pages/index/index',
  enroll: '/pages/enroll/index',
  me: '/pages/me/index',
  login: '/packages/auth/login',
  identity: '/packages/auth/identity',
  account: '/packages/account/index',
  family: '/packages/family/index',
  familyAdd: '/packages/family/add',
  familySpending: '/packages/family/spending',
  familyAuthorizers: '/packages/family/authorizers',
  enrolConfirm: '/packages/enrol/confirm',
  enrolCashier: '/packages/enrol/cashier',
  enrolResult: '/packages/enrol/result',
  policies: '/packages/enrol/policies',
  resident: '/packages/resident/index',
  residentConfirm: '/packages/resident/confirm',
  residentRecords: '/packages/resident/records',
  enterprise: '/packages/enterprise/index',
  messages: '/packages/messages/index',
  smsReminder: '/packages/messages/sms',
  comingSoon: '/packages/coming/index',
  cover: '/packages/product/cover',
  /** 投保须知, 条款 or 责任免除, by `?kind=` (and the edition by `?code=`). */
  editionText: '/packages/product/text',
  claims: '/packages/product/claims',
  help: '/packages/product/help',
  policyDocument: '/packages/product/policy',
  // privacy (issue 18)
  privacyPolicy: '/packages/privacy/policy',
  privacyConsent: '/packages/privacy/consent',
  myData: '/packages/privacy/my-data',
  closeAccount: '/packages/privacy/close',
  // 医保钱包
  wallet: '/packages/wallet/index',
  walletSend: '/packages/wallet/send',
} as const;

export const TAB_PAGES: readonly string[] = [PAGES.home, PAGES.enroll, PAGES.me];

/** Functions that have an entry in the menus but are built in later steps (功能建设中 page). */
export const COMING_SOON: Readonly<Record<string, string>> = {};
export type ComingSoonFeature = keyof typeof COMING_SOON;

export function comingSoonUrl(feature: ComingSoonFeature): string {
  return `${PAGES.comingSoon}?feature=${feature}`;
}
