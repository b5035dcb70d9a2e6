import { API, type PolicyDocumentView, type ProductView } from '@puhui/shared';
import { call } from '../../../lib/request';

/** One edition with its texts, open or not (a policy's edition may be last year's). Public. */
export async function fetchEdition(code: string): Promise<ProductView> {
  const { product } = await call(API.getProduct, { params: { code }, silent: true });
  return product;
}

/** 电子保单: for the applicant, the payer and the insured; 404 for anyone else. */
export async function fetchPolicyDocument(policyNo: string): Promise<PolicyDocumentView> {
  const { policy } = await call(API.getPolicyDocument, { params: { policyNo }, silent: true });
  return policy;
}
