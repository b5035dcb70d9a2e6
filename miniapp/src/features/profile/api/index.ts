import { ROUTES, type MeResponse } from '@puhui/shared';
import { request } from '../../../lib/request';

export function fetchMe(): Promise<MeResponse> {
  return request<MeResponse>(ROUTES.me, { silent: true });
}
