import { ERRORS, errorStatus } from './errors';

describe('error catalogue', () => {
  it('gives every code a 4xx/5xx status and a Chinese message', () => {
    for (const [code, [status, message]] of Object.entries(ERRORS)) {
      expect(code).toMatch(/^[A-Z][A-Z_]+$/);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('uses the statuses api.md names', () => {
    expect(errorStatus('IDEMPOTENCY_KEY_REUSED')).toBe(409);
    expect(errorStatus('IDEMPOTENCY_KEY_REQUIRED')).toBe(400);
    expect(errorStatus('PASSWORD_LOCKED')).toBe(423);
    expect(errorStatus('RATE_LIMITED')).toBe(429);
  });
});
