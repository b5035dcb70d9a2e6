import { ROUTES, type ProductView } from '@puhui/shared';
import { request } from '../../../lib/request';

export type { ProductView };

/** Editions whose enrolment window contains today. Public: no login needed. */
export function fetchOpenProducts(): Promise<ProductView[]> {
  return request<ProductView[]>(ROUTES.products, { query: { open: true }, silent: true, auth: false });
}
