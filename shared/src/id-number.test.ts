import {
  idNumberCheckChar,
  isValidIdNumber,
  maskIdNumber,
  maskName,
  parseIdBirthDate,
  parseIdGender,
} from './id-number';

describe('居民身份证号 (GB 11643-1999)', () => {
  it('accepts the standard example and its lower-case x spelling', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber('440524188001010014')).toBe(true);
  });

  it('refuses a wrong check digit, a wrong length, letters and impossible dates', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519491231002')).toBe(false);
    expect(isValidIdNumber('1101051949123100201')).toBe(false);
    expect(isValidIdNumber('11010519491231A02X')).toBe(false);
    const feb30 = '11010519490230002';
    expect(isValidIdNumber(feb30 + idNumberCheckChar(feb30))).toBe(false);
  });

  it('computes the check character with weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 and map 10X98765432', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('44052418800101001')).toBe('4');
  });

  it('reads the birth date from digits 7–14 and the gender from digit 17 (odd is male)', () => {
    expect(parseIdBirthDate('11010519491231002X')).toBe('1949-12-31');
    expect(parseIdGender('11010519491231002X')).toBe('FEMALE');
    expect(parseIdGender('440524188001010014')).toBe('MALE');
  });

  it('masks all but the first six and last four characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('110105194912311234')).toBe('110105********1234');
  });

  it('masks all but the family name', () => {
    expect(maskName('王建国')).toBe('王**');
    expect(maskName('李娜')).toBe('李*');
  });
});
