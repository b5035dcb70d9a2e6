import type { FastifyInstance } from 'fastify';
import type { SubscribeRequest, SubscriptionsResponse } from '@puhui/shared';
import type { AuthenticatedUser } from '../modules/auth/auth.service';

/**
 * `POST /me/subscriptions`: the templates `requestSubscribeMessage` accepted become one message credit
 * each, addressed to the openid behind the fresh login code sent with them (which must be the caller's).
 */
export async function subscribeNotices(
  s: Pick<FastifyInstance, 'auth' | 'deliveries'>,
  user: AuthenticatedUser,
  req: SubscribeRequest,
): Promise<SubscriptionsResponse> {
  const openid = await s.auth.ownSubject(user.id, req.code);
  return s.deliveries.subscribe(user.personId!, openid, req.templates);
}
