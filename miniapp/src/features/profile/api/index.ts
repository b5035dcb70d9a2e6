import { API, type MeResponse } from '@puhui/shared';
import { call } from '../../../lib/request';

export function fetchMe(): Promise<MeResponse> {
  return call(API.me, { silent: true });
}
