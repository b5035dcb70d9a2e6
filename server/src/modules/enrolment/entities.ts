import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EditionContent, OrderStatus, PaymentMethod, PolicyStatus } from '@puhui/shared';
import { dateTransformer, fenTransformer } from '../../lib/columns';

/** One edition of 北京普惠健康保: price, cover and windows are configuration, one row per year. */
@Entity({ name: 'products' })
export class Product {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 60 })
  name: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ name: 'premium_fen', type: 'bigint', transformer: fenTransformer })
  premiumFen: number;

  @Column({ name: 'sum_insured_fen', type: 'bigint', transformer: fenTransformer })
  sumInsuredFen: number;

  @Column({ name: 'enrollment_start', type: 'date', transformer: dateTransformer })
  enrollmentStart: string;

  @Column({ name: 'enrollment_end', type: 'date', transformer: dateTransformer })
  enrollmentEnd: string;

  @Column({ name: 'coverage_start', type: 'date', transformer: dateTransformer })
  coverageStart: string;

  @Column({ name: 'coverage_end', type: 'date', transformer: dateTransformer })
  coverageEnd: string;

  @Column({ type: 'varchar', length: 40, array: true })
  insurers: string[];

  /** 保障责任, 投保须知, 条款 … as validated by `EditionContentDto`; null until published. */
  @Column({ type: 'jsonb', nullable: true })
  content: EditionContent | null;
}

@Entity({ name: 'orders' })
export class Order {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'applicant_person_id', type: 'uuid' })
  applicantPersonId: string;

  @Column({ name: 'product_code', type: 'varchar', length: 32 })
  productCode: string;

  @Column({ type: 'varchar', length: 16 })
  status: OrderStatus;

  @Column({ name: 'payment_method', type: 'varchar', length: 16 })
  paymentMethod: PaymentMethod;

  @Column({ name: 'total_fen', type: 'bigint', transformer: fenTransformer })
  totalFen: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true })
  paidAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'close_reason', type: 'varchar', length: 32, nullable: true })
  closeReason: string | null;

  @Column({ name: 'prepay_id', type: 'varchar', length: 64, nullable: true })
  prepayId: string | null;

  @Column({ name: 'transaction_id', type: 'varchar', length: 64, nullable: true })
  transactionId: string | null;

  @Column({ name: 'refund_due_fen', type: 'bigint', transformer: fenTransformer })
  refundDueFen: number;
}

@Entity({ name: 'order_items' })
export class OrderItem {
  @PrimaryColumn({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Column({ name: 'premium_fen', type: 'bigint', transformer: fenTransformer })
  premiumFen: number;

  @Column({ name: 'payer_person_id', type: 'uuid', nullable: true })
  payerPersonId: string | null;

  @Column({ name: 'auto_renew', type: 'boolean' })
  autoRenew: boolean;

  @Column({ type: 'smallint' })
  position: number;
}

@Entity({ name: 'policies' })
export class Policy {
  @PrimaryColumn({ name: 'policy_no', type: 'varchar', length: 24 })
  policyNo: string;

  @Column({ name: 'order_id', type: 'uuid', nullable: true })
  orderId: string | null;

  @Column({ name: 'product_code', type: 'varchar', length: 32 })
  productCode: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Column({ name: 'applicant_person_id', type: 'uuid' })
  applicantPersonId: string;

  @Column({ name: 'payer_person_id', type: 'uuid', nullable: true })
  payerPersonId: string | null;

  @Column({ name: 'payment_method', type: 'varchar', length: 16 })
  paymentMethod: PaymentMethod;

  @Column({ name: 'premium_fen', type: 'bigint', transformer: fenTransformer })
  premiumFen: number;

  @Column({ type: 'varchar', length: 10 })
  status: PolicyStatus;

  @Column({ name: 'auto_renew', type: 'boolean' })
  autoRenew: boolean;

  @Column({ name: 'renewed_from', type: 'varchar', length: 24, nullable: true })
  renewedFrom: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;
}
