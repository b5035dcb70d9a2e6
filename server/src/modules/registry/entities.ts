import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Gender, InsuranceType, LedgerKind, PersonStatus, ResidentCategory } from '@puhui/shared';
import { dateTransformer, fenTransformer } from '../../lib/columns';

/** 参保人 in the 医保核心 registry. The full ID number is only stored encrypted. */
@Entity({ schema: 'core', name: 'persons' })
export class Person {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Keyed hash of the normalised ID number, for lookup. */
  @Column({ name: 'id_hash', type: 'char', length: 64 })
  idHash: string;

  @Column({ name: 'id_cipher', type: 'text' })
  idCipher: string;

  @Column({ name: 'id_masked', type: 'varchar', length: 18 })
  idMasked: string;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'varchar', length: 6 })
  gender: Gender;

  @Column({ name: 'birth_date', type: 'date', transformer: dateTransformer })
  birthDate: string;

  @Column({ name: 'insurance_type', type: 'varchar', length: 16 })
  insuranceType: InsuranceType;

  @Column({ type: 'varchar', length: 10 })
  status: PersonStatus;

  /** 统筹区 code, e.g. 110000 Beijing. */
  @Column({ name: 'region_code', type: 'char', length: 6 })
  regionCode: string;

  @Column({ name: 'beijing_hukou', type: 'boolean' })
  beijingHukou: boolean;

  @Column({ name: 'beijing_residence_permit', type: 'boolean' })
  beijingResidencePermit: boolean;

  @Column({ name: 'resident_category', type: 'varchar', length: 12, nullable: true })
  residentCategory: ResidentCategory | null;

  @Column({ name: 'password_hash', type: 'char', length: 64, nullable: true })
  passwordHash: string | null;

  @Column({ name: 'password_failures', type: 'integer' })
  passwordFailures: number;

  @Column({ name: 'password_locked_until', type: 'timestamptz', nullable: true })
  passwordLockedUntil: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** 医保个人账户: the balance is the running sum of its ledger entries. */
@Entity({ schema: 'core', name: 'accounts' })
export class Account {
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Column({ name: 'balance_fen', type: 'bigint', transformer: fenTransformer })
  balanceFen: number;

  /** What pending 医保钱包 transfers hold: not available, still in the balance. */
  @Column({ name: 'held_fen', type: 'bigint', transformer: fenTransformer })
  heldFen: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ schema: 'core', name: 'ledger_entries' })
export class LedgerEntry {
  @PrimaryColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ name: 'amount_fen', type: 'bigint', transformer: fenTransformer })
  amountFen: number;

  @Column({ type: 'varchar', length: 20 })
  kind: LedgerKind;

  @Column({ name: 'beneficiary_person_id', type: 'uuid' })
  beneficiaryPersonId: string;

  @Column({ type: 'varchar', length: 64 })
  reference: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  memo: string | null;

  @Column({ name: 'balance_after_fen', type: 'bigint', transformer: fenTransformer })
  balanceAfterFen: number;

  @Column({ name: 'held_fen', type: 'bigint', transformer: fenTransformer })
  heldFen: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
