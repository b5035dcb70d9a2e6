import { API, type ProductView } from '@puhui/shared';
import { call } from '../../../lib/request';

export type { ProductView };

/** Editions whose enrolment window contains today. Public: no login needed. */
export function fetchOpenProducts(): Promise<ProductView[]> {
  return call(API.listProducts, { query: { open: true }, silent: true });
}
