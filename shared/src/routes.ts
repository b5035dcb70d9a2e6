import { API } from './contract';

/** Base path of the REST API; the paths of `API` (contract.ts) are relative to it. */
export const API_BASE = '/api/v1';

/**
 * The older path table, derived from `API` so that there is one source. Only the server's route files
 * still read it; once they register from `API.x.method` and `API.x.path` it goes.
 */
export const ROUTES = {
  login: API.login.path,
  me: API.me.path,
  identity: API.verifyIdentity.path,
  account: API.account.path,
  accountEntries: API.accountEntries.path,
  relatives: API.listRelatives.path,
  relative: (bindingId: string) => API.unbindRelative.toPath({ bindingId }),
  relativeSpending: (bindingId: string) => API.relativeSpending.toPath({ bindingId }),
  authorizers: API.listAuthorizers.path,
  authorizersOrder: API.reorderAuthorizers.path,
  products: API.listProducts.path,
  quote: API.quote.path,
  orders: API.createOrder.path,
  order: (id: string) => API.getOrder.toPath({ id }),
  payOrder: (id: string) => API.payOrder.toPath({ id }),
  policies: API.listPolicies.path,
  notifications: API.listNotifications.path,
  enterprises: API.registerEnterprise.path,
  demoPersonas: API.demoPersonas.path,
} as const;
