/**
 * Today's national rules (issue 16) in the words both sides show: 连续参保 and what a break costs
 * (product.md §5), and the 城乡居民医保 待遇等待期 (§7).
 */

/** 连续参保 N 年, as 我的保单 and the 电子保单 say it. */
export function continuousCoverText(continuousYears: number): string {
  return continuousYears > 1 ? `连续参保 ${continuousYears} 年` : '首年参保';
}

/**
 * What a break in 北京普惠健康保 cover costs, said before auto-renew is switched off and in a failed
 * renewal's notice (field-facts: the 既往症 status of the first enrolment is kept only while continuous;
 * three consecutive claim-free years lower the out-of-catalogue deductible).
 */
export function breakCostText(continuousYears: number | null): string {
  const held = continuousYears && continuousYears > 1 ? `您已连续参保 ${continuousYears} 年。` : '';
  return (
    `${held}如下一年度未续保，连续参保将中断：既往症将按重新投保时的健康状况认定，不再保留首次投保时的认定；` +
    '连续 3 年参保且未理赔可降低医保目录外免赔额的权益需重新累计。'
  );
}

/** The 待遇等待期 of a 城乡居民医保 payment, as the confirm page and the records say it. */
export function waitingPeriodText(waitingMonths: number, benefitsFrom: string): string {
  return waitingMonths > 0
    ? `待遇等待期 ${waitingMonths} 个月，自 ${benefitsFrom} 起享受医保待遇`
    : `无待遇等待期，自 ${benefitsFrom} 起享受医保待遇`;
}
