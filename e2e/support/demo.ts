/**
 * The demo registry as the browser tests expect it (product.md §10): the people they log in as, bind,
 * insure and pay for, with their ID numbers written out. The tests keep their own copy rather than
 * importing the server's seed, so that a change to the seed shows up as a failing test instead of
 * passing silently; the login personas themselves are still read from `GET /demo/personas`.
 */
export const DEMO_PASSWORD = '123456';

export const DEMO_PEOPLE = {
  employee: { name: '王建国', idNumber: '110105196803120437' },
  spouse: { name: '李秀英', idNumber: '11010519700721068X' },
  father: { name: '王德福', idNumber: '110105194201080256' },
  mother: { name: '张桂兰', idNumber: '110105194510150908' },
  child: { name: '王小明', idNumber: '110105201206010559' },
  /** Insured in 石家庄, not a persona: the refusal of a relative from another region. */
  hebeiChild: { name: '王小红', idNumber: '130102199409050360' },
  newCitizen: { name: '赵新民', idNumber: '130102199004150670' },
  zeroBalance: { name: '孙零余', idNumber: '110108198802200820' },
  // 医保钱包: a Beijing employee and his mother insured in 石家庄 (河北)
  walletSender: { name: '陈志强', idNumber: '110102197204180732' },
  hebeiParent: { name: '陈淑芬', idNumber: '130102194711230589' },
} as const;

/** Today in Beijing as YYYY-MM-DD. */
export function beijingToday(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

/**
 * The resident year the demo data opens for collection, as its README promises: from September next
 * year's (collected from 09-01), before it this year's; the period runs to 12-31, or 60 days on when the
 * demo starts after that, so that it stays open to try. The tests check the server offers exactly this.
 */
export function demoResidentCollection(today = beijingToday()) {
  const year = Number(today.slice(0, 4)) + (Number(today.slice(5, 7)) >= 9 ? 1 : 0);
  const natural = `${year - 1}-12-31`;
  const later = new Date(`${today}T00:00:00Z`);
  later.setUTCDate(later.getUTCDate() + 60);
  return {
    year,
    collectionStart: `${year - 1}-09-01`,
    collectionEnd: today > natural ? later.toISOString().slice(0, 10) : natural,
  };
}
