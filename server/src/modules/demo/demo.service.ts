import type { FastifyBaseLogger } from 'fastify';
import type { DataSource } from 'typeorm';
import { addDays, beijingDate } from '../../lib/clock';
import type { EnrolmentService } from '../enrolment/enrolment.service';
import { ConsentRepository, PolicyRepository } from '../enrolment/policy.repository';
import type { MedicalInsuranceCore } from '../registry/registry.service';
import type { ResidentPremiumService } from '../resident/resident.service';
import type { Audit } from '../audit/audit.service';
import type { OperatorService } from '../operators/operator.service';
import {
  DEMO_OPERATORS,
  DEMO_PEOPLE,
  DEMO_REGISTRY,
  DEMO_HEBEI_RESIDENT_TARIFF,
  DEMO_RESIDENT_TARIFF,
  SHIJIAZHUANG,
  demoEditionContent,
} from './demo-data';

const INSURERS = ['中国人民保险', '中国人寿', '泰康', '太平洋保险', '中国平安', '北京人寿'];

/**
 * The two editions the demo needs whatever the date: one whose enrolment window contains today, and the
 * one before it (its window closed), on which the demo family already has auto-renew policies.
 */
export function demoEditions(today = beijingDate()) {
  const year = Number(today.slice(0, 4)) + (Number(today.slice(5, 7)) >= 7 ? 1 : 0);
  const edition = (y: number, start: string, end: string) => ({
    code: `BJPH${y}`,
    name: '北京普惠健康保',
    year: y,
    premiumFen: 19_500,
    sumInsuredFen: 300_000_000,
    enrollmentStart: start,
    enrollmentEnd: end,
    coverageStart: `${y}-01-01`,
    coverageEnd: `${y}-12-31`,
    insurers: INSURERS,
    content: demoEditionContent(),
  });
  const openStart = [`${year - 1}-09-01`, addDays(today, -30)].sort()[0];
  const openEnd = [`${year}-01-31`, addDays(today, 60)].sort()[1];
  const prevEnd = addDays(openStart, -1);
  return {
    current: edition(year, openStart, openEnd),
    previous: edition(year - 1, [`${year - 2}-09-01`, addDays(prevEnd, -120)].sort()[0], prevEnd),
  };
}

/**
 * The 城乡居民医保 year Beijing collects on `today`, whatever the date: from September next year's
 * (collected 09-01 to 12-31), before it this year's, its period stretched to stay open for the demo.
 */
export function demoResidentCollection(today = beijingDate()) {
  const year = Number(today.slice(0, 4)) + (Number(today.slice(5, 7)) >= 9 ? 1 : 0);
  const natural = `${year - 1}-12-31`;
  return {
    year,
    collectionStart: `${year - 1}-09-01`,
    collectionEnd: today > natural ? addDays(today, 60) : natural,
  };
}

/** Loads the demo registry, editions, last year's policies and the open resident year into an empty database. */
export async function loadDemoDataIfEmpty(
  ds: DataSource,
  core: MedicalInsuranceCore,
  enrolment: EnrolmentService,
  log: FastifyBaseLogger,
  resident: ResidentPremiumService,
  operators: OperatorService,
  audit: Audit,
) {
  const policies = new PolicyRepository();
  const consents = new ConsentRepository();
  if (await core.hasPersons()) return false;
  const { personIds } = await core.upsertPersons(DEMO_REGISTRY);
  const idOf = (idNumber: string) => personIds[DEMO_REGISTRY.findIndex((r) => r.idNumber === idNumber)];
  const { current, previous } = demoEditions();
  const { code: _c, ...currentFields } = current;
  const { code: _p, ...previousFields } = previous;
  await enrolment.putProduct(current.code, currentFields);
  await enrolment.putProduct(previous.code, previousFields);
  const { year: residentYear, ...collection } = demoResidentCollection();
  await resident.putTariff('110000', residentYear, { ...DEMO_RESIDENT_TARIFF, ...collection });
  // 石家庄's year too, so that 陈淑芬 can pay her own premium from her 医保钱包 (docs/wallet.md).
  await resident.putTariff(SHIJIAZHUANG, residentYear, { ...DEMO_HEBEI_RESIDENT_TARIFF, ...collection });

  // Last year the employee and the spouse each paid from their own 个账 and ticked auto-renewal.
  const holders = [idOf(DEMO_PEOPLE.employee.idNumber), idOf(DEMO_PEOPLE.spouse.idNumber)];
  await ds.transaction(async (tx) => {
    const issued = await policies.insertSelfPaid(tx, previous, holders, previous.enrollmentStart);
    await core.post(
      tx,
      issued.map((p) => ({
        accountId: p.person_id,
        amountFen: -previous.premiumFen,
        kind: 'PUHUI_PREMIUM' as const,
        beneficiaryId: p.person_id,
        reference: p.policy_no,
        memo: `北京普惠健康保 ${previous.year}年度`,
      })),
    );
    await consents.record(
      tx,
      issued.map((p) => ({
        policyNo: p.policy_no,
        userId: null,
        consentingPersonId: p.person_id,
        insuredPersonId: p.person_id,
        payerPersonId: p.person_id,
        enabled: true,
      })),
    );
  });
  for (const o of DEMO_OPERATORS) await operators.create(o, audit);
  log.info({ persons: DEMO_REGISTRY.length, editions: [previous.code, current.code] }, 'demo data loaded');
  return true;
}
