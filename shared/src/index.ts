export * from './id-number';
export * from './credit-code';
export * from './money';
export * from './errors';
export * from './domain';
export * from './api';
export * from './routes';
export * from './auto-renew';
