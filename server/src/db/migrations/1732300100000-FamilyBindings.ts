import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 家庭共济: one-way bindings authoriser → relative, and the per-region rules for them. */
export class FamilyBindings1732300100000 implements MigrationInterface {
  name = 'FamilyBindings1732300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE core.region_settings (
        region_code char(6) PRIMARY KEY CHECK (region_code ~ '^[0-9]{6}$'),
        allowed_relationships varchar(12)[] NOT NULL,
        max_relatives integer NOT NULL CHECK (max_relatives BETWEEN 1 AND 50),
        cross_region_sharing boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Beijing and the Hebei pooling regions (石家庄 … 衡水): spouse, parents, children; at most 8.
    const regions = ['110000', ...Array.from({ length: 11 }, (_, i) => String(130100 + i * 100))];
    await q.query(
      `INSERT INTO core.region_settings (region_code, allowed_relationships, max_relatives)
       SELECT unnest($1::char(6)[]), ARRAY['SPOUSE','PARENT','CHILD']::varchar(12)[], 8`,
      [regions],
    );
    await q.query(`
      CREATE TABLE core.family_bindings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        authorizer_id uuid NOT NULL REFERENCES core.persons(id),
        relative_id uuid NOT NULL REFERENCES core.persons(id),
        relationship varchar(12) NOT NULL
          CHECK (relationship IN ('SPOUSE','PARENT','CHILD','SIBLING','GRANDPARENT','GRANDCHILD')),
        status varchar(8) NOT NULL CHECK (status IN ('ACTIVE','REVOKED','ENDED')),
        priority integer NOT NULL,
        bound_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        end_reason varchar(32),
        CHECK (authorizer_id <> relative_id),
        CHECK ((status = 'ACTIVE') = (ended_at IS NULL))
      )`);
    // Never a second active row for a pair, never two active spouses.
    await q.query(
      `CREATE UNIQUE INDEX family_bindings_active_pair ON core.family_bindings (authorizer_id, relative_id) WHERE status = 'ACTIVE'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX family_bindings_one_spouse ON core.family_bindings (authorizer_id) WHERE status = 'ACTIVE' AND relationship = 'SPOUSE'`,
    );
    await q.query(
      `CREATE INDEX family_bindings_authorizer ON core.family_bindings (authorizer_id, bound_at DESC)`,
    );
    await q.query(
      `CREATE INDEX family_bindings_relative ON core.family_bindings (relative_id, priority) WHERE status = 'ACTIVE'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE core.family_bindings`);
    await q.query(`DROP TABLE core.region_settings`);
  }
}
