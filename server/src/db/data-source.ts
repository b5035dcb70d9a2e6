import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Account, LedgerEntry, Person } from '../modules/registry/entities';
import { User } from '../modules/auth/entities';
import { FamilyBinding, RegionSettings } from '../modules/family/entities';
import { Foundation1732300000000 } from './migrations/1732300000000-Foundation';
import { FamilyBindings1732300100000 } from './migrations/1732300100000-FamilyBindings';
import { Enrolment1732300200000 } from './migrations/1732300200000-Enrolment';
import { FamilyPayments1732300300000 } from './migrations/1732300300000-FamilyPayments';
import { AutoRenew1732300400000 } from './migrations/1732300400000-AutoRenew';
import { Renewals1732300500000 } from './migrations/1732300500000-Renewals';
import { RenewalScale1732300600000 } from './migrations/1732300600000-RenewalScale';
import { BulkReferences1732300700000 } from './migrations/1732300700000-BulkReferences';
import { PurchaseHotPath1732300800000 } from './migrations/1732300800000-PurchaseHotPath';
import { ResidentCollection1732300810000 } from './migrations/1732300810000-ResidentCollection';
import { OwnedFormulas1732300900000 } from './migrations/1732300900000-OwnedFormulas';
import { EditionContent1732301000000 } from './migrations/1732301000000-EditionContent';
// operators and audit log (issue 15)
import { Operators1732301700000 } from './migrations/1732301700000-Operators';
// WeChat Pay API v3 (issue #14)
import { WechatPayV31732301100000 } from './migrations/1732301100000-WechatPayV3';
// notify: notices that leave the app
import { NoticeChannels1732301200000 } from './migrations/1732301200000-NoticeChannels';
// 医保钱包
import { Wallet1732301300000 } from './migrations/1732301300000-Wallet';
import { ImportJobsAndRollups1732301800000 } from './migrations/1732301800000-ImportJobsAndRollups';
import { ConsoleGaps1732302100000 } from './migrations/1732302100000-ConsoleGaps';
import { WalletResidentPremium1732301900000 } from './migrations/1732301900000-WalletResidentPremium';
import { PayerOpenid1732302200000 } from './migrations/1732302200000-PayerOpenid';
import { OrderRefunds1732302210000 } from './migrations/1732302210000-OrderRefunds';
import { MobileCodes1732302220000 } from './migrations/1732302220000-MobileCodes';
import { EnrolledLookup1732302300000 } from './migrations/1732302300000-EnrolledLookup';
import { PlannedHelpers1732302400000 } from './migrations/1732302400000-PlannedHelpers';
import { OrderReferences1732302500000 } from './migrations/1732302500000-OrderReferences';
import { Order, OrderItem, Policy, Product } from '../modules/enrolment/entities';
// national rules (issue 16)
import { NationalRules1732301400000 } from './migrations/1732301400000-NationalRules';
// privacy (issue 18)
import { Privacy1732301500000 } from './migrations/1732301500000-Privacy';
// replicas (issue 17): the renewal run's lease instead of a session advisory lock
import { RenewalRunLease1732301600000 } from './migrations/1732301600000-RenewalRunLease';

export const ENTITIES = [
  Person,
  Account,
  LedgerEntry,
  User,
  FamilyBinding,
  RegionSettings,
  Product,
  Order,
  OrderItem,
  Policy,
];
export const MIGRATIONS = [
  Foundation1732300000000,
  FamilyBindings1732300100000,
  Enrolment1732300200000,
  FamilyPayments1732300300000,
  AutoRenew1732300400000,
  Renewals1732300500000,
  RenewalScale1732300600000,
  BulkReferences1732300700000,
  PurchaseHotPath1732300800000,
  ResidentCollection1732300810000,
  OwnedFormulas1732300900000,
  EditionContent1732301000000,
  // national rules (issue 16)
  NationalRules1732301400000,
  // privacy (issue 18)
  Privacy1732301500000,
  // operators and audit log (issue 15)
  Operators1732301700000,
  // WeChat Pay API v3 (issue #14)
  WechatPayV31732301100000,
  // notify: notices that leave the app
  NoticeChannels1732301200000,
  // replicas (issue 17)
  RenewalRunLease1732301600000,
  // 医保钱包
  Wallet1732301300000,
  // console: registry import jobs and statistics rollups
  ImportJobsAndRollups1732301800000,
  // 医保钱包 pays its owner's resident premium
  WalletResidentPremium1732301900000,
  // console: renewal run history, binding rollup, company notes
  ConsoleGaps1732302100000,
  // WeChat Pay: the payer's openid, sealed
  PayerOpenid1732302200000,
  // WeChat Pay: paying back an order paid for someone insured meanwhile
  OrderRefunds1732302210000,
  // 短信提醒: the code that proves a mobile number
  MobileCodes1732302220000,
  // the order's already-enrolled check, one index probe per person
  EnrolledLookup1732302300000,
  // the purchase's helpers planned once per connection (PL/pgSQL, not re-planned SQL)
  PlannedHelpers1732302400000,
  // no foreign-key locks on the edition, the user and the order for each order, item and policy
  OrderReferences1732302500000,
];

/** The schema is only ever changed by migrations; `synchronize` stays off everywhere. */
export function createDataSource(url: string, poolSize: number): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: poolSize, application_name: 'puhui-server' },
  });
}
