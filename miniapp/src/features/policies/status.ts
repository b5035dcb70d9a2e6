import type { PolicyView } from '@puhui/shared';

/** Today in the phone's time zone, `YYYY-MM-DD`, to compare with coverage dates. */
function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export type PolicyPhase = 'CANCELLED' | 'PENDING' | 'IN_FORCE' | 'EXPIRED';

/** What the holder wants to know of a policy: 已退保, 待生效, 保障中 or 已到期. */
export function policyPhase(policy: PolicyView, on = today()): PolicyPhase {
  if (policy.status === 'CANCELLED') return 'CANCELLED';
  if (on < policy.coverageStart) return 'PENDING';
  return on > policy.coverageEnd ? 'EXPIRED' : 'IN_FORCE';
}

export const PHASE_LABELS: Record<PolicyPhase, string> = {
  CANCELLED: '已退保',
  PENDING: '待生效',
  IN_FORCE: '保障中',
  EXPIRED: '已到期',
};
