/** Paths of the REST API, relative to `API_BASE`. */
export const API_BASE = '/api/v1';

export const ROUTES = {
  login: '/auth/login',
  me: '/me',
  identity: '/me/identity',
  account: '/me/account',
  accountEntries: '/me/account/entries',
  relatives: '/family/relatives',
  relative: (bindingId: string) => `/family/relatives/${bindingId}`,
  relativeSpending: (bindingId: string) => `/family/relatives/${bindingId}/spending`,
  authorizers: '/family/authorizers',
  authorizersOrder: '/family/authorizers/order',
  products: '/products',
  product: (code: string) => `/products/${encodeURIComponent(code)}`,
  quote: '/orders/quote',
  orders: '/orders',
  order: (id: string) => `/orders/${id}`,
  payOrder: (id: string) => `/orders/${id}/pay`,
  policies: '/policies',
  policy: (policyNo: string) => `/policies/${encodeURIComponent(policyNo)}`,
  notifications: '/notifications',
  enterprises: '/enterprises',
  demoPersonas: '/demo/personas',
} as const;
