import { ROUTES, type IsoDate } from '@puhui/shared';
import { request } from '../../../lib/request';

/**
 * One edition of 北京普惠健康保 as `GET /products?open=true` lists it (api.md). Kept here until the
 * server adds the type to `@puhui/shared`; replace it with the shared one then.
 */
export interface ProductView {
  code: string;
  name: string;
  year: number;
  premiumFen: number;
  sumInsuredFen: number;
  enrollmentStart: IsoDate;
  enrollmentEnd: IsoDate;
  coverageStart: IsoDate;
  coverageEnd: IsoDate;
  insurers: string[];
}

/** Editions whose enrolment window contains today. Public: no login needed. */
export function fetchOpenProducts(): Promise<ProductView[]> {
  return request<ProductView[]>(ROUTES.products, { query: { open: true }, silent: true, auth: false });
}
