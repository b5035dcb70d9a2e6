import {
  ROUTES,
  type PolicyDocumentResponse,
  type PolicyDocumentView,
  type ProductResponse,
  type ProductView,
} from '@puhui/shared';
import { request } from '../../../lib/request';

/** One edition with its texts, open or not (a policy's edition may be last year's). Public. */
export async function fetchEdition(code: string): Promise<ProductView> {
  const { product } = await request<ProductResponse>(ROUTES.product(code), { silent: true, auth: false });
  return product;
}

/** 电子保单: for the applicant, the payer and the insured; 404 for anyone else. */
export async function fetchPolicyDocument(policyNo: string): Promise<PolicyDocumentView> {
  const { policy } = await request<PolicyDocumentResponse>(ROUTES.policy(policyNo), { silent: true });
  return policy;
}
