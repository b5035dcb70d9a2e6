import Taro from '@tarojs/taro';
import { PAGES } from '../../lib/pages';

export function spendingUrl(bindingId: string): string {
  return `${PAGES.familySpending}?bindingId=${encodeURIComponent(bindingId)}`;
}

/**
 * After 绑定 or 解绑: back to the page the user came from (共济办理, whose list reloads on show), or to
 * 共济办理 itself when this page was opened directly (an H5 link, a shared card).
 */
export function leaveToFamilyHome(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.redirectTo({ url: PAGES.family });
}
