import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A mini-program user (one WeChat openid, or one dev code), linked to a registry person once verified. */
@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 10 })
  provider: string;

  /** Keyed hash of the provider's subject (openid): the openid itself is not kept. */
  @Column({ name: 'subject_hash', type: 'char', length: 64 })
  subjectHash: string;

  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
