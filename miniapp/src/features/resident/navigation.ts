import { PAGES } from '../../lib/pages';

export function confirmUrl(bindingId: string, year: number): string {
  return `${PAGES.residentConfirm}?bindingId=${encodeURIComponent(bindingId)}&year=${year}`;
}
