import { formatFen, isFen, yuanToFen } from './money';

describe('money in fen', () => {
  it('formats fen as yuan for people', () => {
    expect(formatFen(19500)).toBe('¥195.00');
    expect(formatFen(350000)).toBe('¥3,500.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(-4300)).toBe('-¥43.00');
  });

  it('refuses fractional fen', () => {
    expect(() => formatFen(1.5)).toThrow(TypeError);
    expect(isFen(1.5)).toBe(false);
    expect(isFen(19500)).toBe(true);
  });

  it('parses yuan with at most two decimals', () => {
    expect(yuanToFen('195')).toBe(19500);
    expect(yuanToFen('195.5')).toBe(19550);
    expect(yuanToFen('0.05')).toBe(5);
    expect(() => yuanToFen('1.005')).toThrow(TypeError);
    expect(() => yuanToFen('abc')).toThrow(TypeError);
  });
});
