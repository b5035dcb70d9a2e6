import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A mini-program user (one WeChat openid, or one dev code), linked to a registry person once verified. */
@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 10 })
  provider: string;

  /** Keyed hash of the provider's subject (openid), by which a login finds its user. */
  @Column({ name: 'subject_hash', type: 'char', length: 64 })
  subjectHash: string;

  /** The openid itself, sealed: WeChat Pay's payer (written at every login, erased by 账号注销). */
  @Column({ name: 'openid_sealed', type: 'text', nullable: true })
  openidSealed: string | null;

  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
