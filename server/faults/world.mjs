// The people, editions, tariffs, institution and family bindings of the fault run, all loaded through
// the operator and user APIs of the running server.
import path from 'node:path';
import { createRequire } from 'node:module';
import { api, ROOT, verifyIdentity } from '../bench/lib.mjs';

const require = createRequire(import.meta.url);
const { idNumberCheckChar } = require(path.join(ROOT, 'shared/dist/index.js'));

export const PASSWORD = '135790';
export const REGION = '110000';
/** 石家庄 (河北): the 医保钱包 receivers' region, across the province border from Beijing. */
export const WALLET_REGION = '130100';
export const INSTITUTION = 'FAULT-H1';
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;
export const TARIFF = { ELDERLY: 43_000, STUDENT: 40_500, WORKING_AGE: 75_000 };

const SURNAMES = '王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平';

function nameOf(i) {
  return SURNAMES[i % 20] + GIVEN[Math.floor(i / 20) % 20] + GIVEN[Math.floor(i / 400) % 20];
}

/** A valid ID number born `days` after `from`, with sequence `seq` (0–999). */
function idNumber(from, days, seq, area = '110108') {
  const birth = new Date(Date.parse(from) + days * 86400e3).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `${area}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

/** Runs `fn` over `items` with `width` at a time. */
async function parallel(items, width, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

/** Today in Beijing, shifted by `offset` days. */
function beijingDay(offset) {
  return new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
}

/**
 * Employees (each with a 个账, a password and a logged-in user), resident relatives bound to one or two
 * employees, spouse bindings between employees, open editions, tariffs for every year, an institution.
 */
export async function seedWorld(base, { employees, editions, log }) {
  const residents = Math.floor(employees / 2);
  const emp = Array.from({ length: employees }, (_, i) => ({
    index: i,
    name: nameOf(i),
    // Born 1960–1992.
    idNumber: idNumber('1960-01-01', i % 12_000, Math.floor(i / 12_000) % 500),
    // A tenth start nearly empty, so that refusals and family fallback happen from the start.
    initialFen: i % 10 === 9 ? (i * 7919) % 20_000 : 300_000,
  }));
  const res = Array.from({ length: residents }, (_, i) => {
    const elderly = i % 2 === 0;
    return {
      index: i,
      name: nameOf(employees + i),
      idNumber: elderly
        ? idNumber('1930-01-01', i % 7_000, 500 + (Math.floor(i / 7_000) % 500)) // born 1930–1949
        : idNumber('2008-01-01', i % 3_600, 500 + (Math.floor(i / 3_600) % 500)), // born 2008–2017
      category: elderly ? 'ELDERLY' : 'STUDENT',
      relationship: elderly ? 'PARENT' : 'CHILD',
    };
  });
  // 医保钱包: a parent insured in 石家庄 for every fifth employee, who sends to their wallet.
  const wallets = Array.from({ length: Math.max(1, Math.floor(employees / 5)) }, (_, i) => ({
    index: i,
    name: nameOf(employees + residents + i),
    idNumber: idNumber('1930-01-01', i % 7_000, Math.floor(i / 7_000) % 500, '130102'), // born 1930–1949
    senderIndex: i * 5,
  }));
  const rows = [
    ...wallets.map((w) => ({
      name: w.name,
      idNumber: w.idNumber,
      insuranceType: 'RESIDENT',
      status: 'ACTIVE',
      regionCode: WALLET_REGION,
      residentCategory: 'ELDERLY',
    })),
    ...emp.map((e) => ({
      name: e.name,
      idNumber: e.idNumber,
      insuranceType: 'EMPLOYEE',
      status: 'ACTIVE',
      regionCode: REGION,
      beijingHukou: true,
      balanceFen: e.initialFen,
      paymentPassword: PASSWORD,
    })),
    ...res.map((r) => ({
      name: r.name,
      idNumber: r.idNumber,
      insuranceType: 'RESIDENT',
      status: 'ACTIVE',
      regionCode: REGION,
      beijingHukou: true,
      residentCategory: r.category,
    })),
  ];
  for (let i = 0; i < rows.length; i += 10_000) {
    await api(base, 'PUT', '/api/v1/admin/persons', rows.slice(i, i + 10_000));
  }
  log(`imported ${emp.length} employees and ${res.length} resident relatives`);

  const products = [];
  for (let i = 0; i < editions; i++) {
    const code = `FAULT-${String(i + 1).padStart(2, '0')}`;
    const { product } = await api(base, 'PUT', `/api/v1/admin/products/${code}`, {
      name: '北京普惠健康保',
      year: 2060 + i,
      premiumFen: 19_500 + 100 * i,
      sumInsuredFen: 300_000_000,
      enrollmentStart: beijingDay(-30),
      enrollmentEnd: beijingDay(60),
      coverageStart: beijingDay(40),
      coverageEnd: beijingDay(400),
      insurers: ['中国人民保险', '中国人寿'],
    });
    products.push({ code, premiumFen: product.premiumFen });
  }
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    await api(base, 'PUT', `/api/v1/admin/resident-tariffs/${REGION}/${year}`, TARIFF);
  }
  const { apiKey } = await api(base, 'PUT', `/api/v1/admin/institutions/${INSTITUTION}`, {
    name: '故障演练医院',
  });

  const json = { 'content-type': 'application/json' };
  await parallel(emp, 16, async (e) => {
    const login = await api(base, 'POST', '/api/v1/auth/login', { code: `faults-${e.index}` }, json);
    e.auth = `Bearer ${login.token}`;
    const { person } = await verifyIdentity(base, { ...json, authorization: e.auth }, e);
    e.personId = person.id;
    e.relatives = [];
  });
  log(`logged in and verified ${emp.length} users`);

  // Resident i is bound by employee i and, when there is one, employee i + residents (two payers).
  // Employee 2k binds employee 2k+1 as spouse: the spouse's settlements fall back on 2k's account.
  const bindings = [];
  for (const r of res) {
    for (const e of [emp[r.index], emp[r.index + residents]]) {
      if (e) bindings.push({ e, rel: r, relationship: r.relationship, resident: true });
    }
  }
  for (let k = 0; 2 * k + 1 < emp.length; k++) {
    bindings.push({ e: emp[2 * k], rel: emp[2 * k + 1], relationship: 'SPOUSE', resident: false });
  }
  await parallel(bindings, 16, async (b) => {
    const { binding } = await api(
      base,
      'POST',
      '/api/v1/family/relatives',
      { name: b.rel.name, idNumber: b.rel.idNumber, relationship: b.relationship },
      { ...json, authorization: b.e.auth },
    );
    b.rel.personId = binding.relative.person.id;
    b.e.relatives.push({ bindingId: binding.bindingId, person: b.rel, resident: b.resident });
  });
  log(`bound ${bindings.length} relatives (${res.length} residents, ${Math.floor(emp.length / 2)} spouses)`);

  await parallel(wallets, 16, async (w) => {
    const login = await api(base, 'POST', '/api/v1/auth/login', { code: `faults-wallet-${w.index}` }, json);
    w.auth = `Bearer ${login.token}`;
    const headers = { ...json, authorization: w.auth };
    const { person } = await verifyIdentity(base, headers, w);
    w.personId = person.id;
    await api(base, 'POST', '/api/v1/wallet/activate', undefined, { authorization: w.auth });
    w.sender = emp[w.senderIndex];
  });
  log(`activated ${wallets.length} 医保钱包 in ${WALLET_REGION}`);
  return { employees: emp, residents: res, products, apiKey, wallets };
}
