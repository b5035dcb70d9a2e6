/**
 * 次年自动投保缴费: the consent wording the payer sees and agrees to. The version is recorded with each
 * consent, so that what a person agreed to can always be shown again.
 */
export const AUTO_RENEW_CONSENT = {
  version: '2024.1',
  title: '开通次年自动投保缴费',
  text:
    '我同意：下一年度北京普惠健康保开放投保后，使用本人医保个人账户为该被保险人自动投保并缴纳保费。' +
    '扣费前至少 7 天会在“消息”中通知扣费金额、账户、被保险人和日期；保费如有调整按新价格扣缴并提前告知。' +
    '我可随时在“我的保单”中一键关闭；自动续保的保单在保障开始前可全额退费。',
} as const;

/** Days between the renewal notice and the debit. */
export const RENEWAL_NOTICE_DAYS = 7;
