/**
 * Audit summaries: what changed, old → new, in a line an auditor reads. Values are shown as JSON
 * (short); fields that did not change are left out.
 */
export function changeSummary(
  beforeRecord: object | null,
  afterRecord: object,
  fields: readonly string[] = Object.keys(afterRecord),
): string {
  const before = beforeRecord as Record<string, unknown> | null;
  const after = afterRecord as Record<string, unknown>;
  const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));
  if (!before) return `新建: ${fields.map((f) => `${f}=${show(after[f])}`).join(', ')}`;
  const changed = fields.filter((f) => show(before[f]) !== show(after[f]));
  if (changed.length === 0) return '无变化';
  return changed.map((f) => `${f}: ${show(before[f])} → ${show(after[f])}`).join('; ');
}

/** `{created: 3, updated: 1}` → `created=3, updated=1` (imports, credits, renewal runs). */
export function countSummary(counts: Record<string, unknown>): string {
  return Object.entries(counts)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}
