export * from './id-number';
export * from './credit-code';
export * from './money';
export * from './errors';
export * from './domain';
export * from './api';
export * from './routes';
export * from './contract';
export * from './auto-renew';
// notify: notices that leave the app
export * from './notices';
