import type { InsuredRef, PersonView, ProductView, QuoteResponse } from '@puhui/shared';

/** One person the applicant picked, as sent to the API, and how the pages call them (本人, 配偶…). */
export interface PickedInsured {
  ref: InsuredRef;
  label: string;
}

/**
 * What 立即投保 hands to the confirm page: the edition, the applicant, the people picked and their quote
 * (`quote.items[i]` answers `insured[i]`). Kept in memory only: it may hold other people's full ID
 * numbers, which do not belong in a URL or in storage. A reload loses it and the page says so.
 */
export interface EnrolmentDraft {
  product: ProductView;
  applicant: PersonView;
  insured: PickedInsured[];
  quote: QuoteResponse;
}

let current: EnrolmentDraft | null = null;
/** How many purchases were paid in this run of the app: 立即投保 starts afresh after each. */
let finished = 0;

export function saveDraft(draft: EnrolmentDraft): void {
  current = draft;
}

export function readDraft(): EnrolmentDraft | null {
  return current;
}

/** After a payment: the people picked are insured now, so the draft must not be paid again. */
export function clearDraft(): void {
  current = null;
  finished += 1;
}

export function finishedPurchases(): number {
  return finished;
}
