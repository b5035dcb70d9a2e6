export * from './id-number';
export * from './credit-code';
export * from './money';
export * from './errors';
export * from './domain';
export * from './api';
export * from './routes';
export * from './contract';
export * from './auto-renew';
// national rules (issue 16): 连续参保, what a break costs, the resident 待遇等待期
export * from './national-rules';
// privacy (issue 18)
export * from './privacy';
// notify: notices that leave the app
export * from './notices';
