import { migrateAt } from './migrate';

/**
 * The one-shot migration step of a deployment (docker-compose.yml's `migrate`, `npm run migrate -w
 * server`): applies pending migrations on MIGRATION_DATABASE_URL (or DATABASE_URL) and exits. The
 * servers also migrate at start, under the same lock, so that nothing depends on the step's order.
 */
async function main() {
  const url = process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) {
    console.error('Set MIGRATION_DATABASE_URL or DATABASE_URL');
    process.exit(2);
  }
  const applied = await migrateAt(url);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema up to date');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
