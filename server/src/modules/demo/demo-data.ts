import { idNumberCheckChar, type AdminPersonRow } from '@puhui/shared';

/**
 * Fictitious people for trying the service out (product.md §10). Their ID numbers are made up but
 * carry valid check digits; every demo payment password is 123456.
 */
export const DEMO_PASSWORD = '123456';

function idNumber(area: string, birth: string, seq: number, male: boolean): string {
  const digits = String(seq * 2 + (male ? 1 : 0)).padStart(3, '0');
  const first17 = `${area}${birth}${digits}`;
  return first17 + idNumberCheckChar(first17);
}

export const DEMO_PEOPLE = {
  employee: { name: '王建国', idNumber: idNumber('110105', '19680312', 21, true) },
  spouse: { name: '李秀英', idNumber: idNumber('110105', '19700721', 34, false) },
  father: { name: '王德福', idNumber: idNumber('110105', '19420108', 12, true) },
  mother: { name: '张桂兰', idNumber: idNumber('110105', '19451015', 45, false) },
  child: { name: '王小明', idNumber: idNumber('110105', '20120601', 27, true) },
  hebeiChild: { name: '王小红', idNumber: idNumber('130102', '19940905', 18, false) },
  newCitizen: { name: '赵新民', idNumber: idNumber('130102', '19900415', 33, true) },
  zeroBalance: { name: '孙零余', idNumber: idNumber('110108', '19880220', 41, false) },
} as const;

const P = DEMO_PEOPLE;
const BEIJING = '110000';
const SHIJIAZHUANG = '130100';

export const DEMO_REGISTRY: AdminPersonRow[] = [
  {
    ...P.employee,
    insuranceType: 'EMPLOYEE',
    status: 'ACTIVE',
    regionCode: BEIJING,
    beijingHukou: true,
    balanceFen: 369_500,
    paymentPassword: DEMO_PASSWORD,
  },
  {
    ...P.spouse,
    insuranceType: 'EMPLOYEE',
    status: 'ACTIVE',
    regionCode: BEIJING,
    beijingHukou: true,
    balanceFen: 31_500,
    paymentPassword: DEMO_PASSWORD,
  },
  {
    ...P.father,
    insuranceType: 'RESIDENT',
    status: 'ACTIVE',
    regionCode: BEIJING,
    beijingHukou: true,
    residentCategory: 'ELDERLY',
  },
  {
    ...P.mother,
    insuranceType: 'RESIDENT',
    status: 'ACTIVE',
    regionCode: BEIJING,
    beijingHukou: true,
    residentCategory: 'ELDERLY',
  },
  {
    ...P.child,
    insuranceType: 'RESIDENT',
    status: 'ACTIVE',
    regionCode: BEIJING,
    beijingHukou: true,
    residentCategory: 'STUDENT',
  },
  {
    ...P.hebeiChild,
    insuranceType: 'EMPLOYEE',
    status: 'ACTIVE',
    regionCode: SHIJIAZHUANG,
    balanceFen: 80_000,
    paymentPassword: DEMO_PASSWORD,
  },
  {
    ...P.newCitizen,
    insuranceType: 'RESIDENT',
    status: 'ACTIVE',
    regionCode: SHIJIAZHUANG,
    beijingResidencePermit: true,
    residentCategory: 'WORKING_AGE',
  },
  {
    ...P.zeroBalance,
    insuranceType: 'EMPLOYEE',
    status: 'ACTIVE',
    regionCode: BEIJING,
    beijingHukou: true,
    balanceFen: 0,
    paymentPassword: DEMO_PASSWORD,
  },
];

/** 城乡居民医保 personal contributions of the demo's collection year: Beijing's 2025 amounts, in fen. */
export const DEMO_RESIDENT_TARIFF = { ELDERLY: 43_000, STUDENT: 40_500, WORKING_AGE: 75_000 } as const;

export interface DemoPersona {
  code: string;
  name: string;
  description: string;
  idNumber: string;
  paymentPassword: string | null;
}

/** The login page of the browser build lists these; each code is a stable dev login. */
export const DEMO_PERSONAS: DemoPersona[] = [
  {
    code: 'demo:employee',
    ...P.employee,
    description: '北京职工医保，个账余额 ¥3,500.00，可为家人共济',
    paymentPassword: DEMO_PASSWORD,
  },
  {
    code: 'demo:spouse',
    ...P.spouse,
    description: '王建国的配偶，北京职工医保，个账余额 ¥120.00',
    paymentPassword: DEMO_PASSWORD,
  },
  {
    code: 'demo:mother',
    ...P.mother,
    description: '王建国的母亲，北京城乡居民医保（城乡老年人），无个账',
    paymentPassword: null,
  },
  {
    code: 'demo:new-citizen',
    ...P.newCitizen,
    description: '新市民：持北京居住证，在河北参保，可用微信支付投保',
    paymentPassword: null,
  },
  {
    code: 'demo:zero-balance',
    ...P.zeroBalance,
    description: '北京职工医保，个账余额为零',
    paymentPassword: DEMO_PASSWORD,
  },
];
