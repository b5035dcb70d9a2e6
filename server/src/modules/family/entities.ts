import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { BindingStatus, Relationship } from '@puhui/shared';

/** 家庭共济 binding: the authoriser's 个账 may pay for the relative. One-way. */
@Entity({ schema: 'core', name: 'family_bindings' })
export class FamilyBinding {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'authorizer_id', type: 'uuid' })
  authorizerId: string;

  @Column({ name: 'relative_id', type: 'uuid' })
  relativeId: string;

  /** What the relative is to the authoriser. */
  @Column({ type: 'varchar', length: 12 })
  relationship: Relationship;

  @Column({ type: 'varchar', length: 8 })
  status: BindingStatus;

  /** Order in which the relative's authorisers pay (1 first), set by the relative. */
  @Column({ type: 'integer' })
  priority: number;

  @Column({ name: 'bound_at', type: 'timestamptz' })
  boundAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'end_reason', type: 'varchar', length: 32, nullable: true })
  endReason: string | null;
}

/** Per pooling region (统筹区): which relationships may bind, how many, and cross-region sharing. */
@Entity({ schema: 'core', name: 'region_settings' })
export class RegionSettings {
  @PrimaryColumn({ name: 'region_code', type: 'char', length: 6 })
  regionCode: string;

  @Column({ name: 'allowed_relationships', type: 'varchar', length: 12, array: true })
  allowedRelationships: Relationship[];

  @Column({ name: 'max_relatives', type: 'integer' })
  maxRelatives: number;

  @Column({ name: 'cross_region_sharing', type: 'boolean' })
  crossRegionSharing: boolean;

  /** Takes part in 医保钱包 cross-province transfers. */
  @Column({ name: 'wallet_enabled', type: 'boolean' })
  walletEnabled: boolean;
}
