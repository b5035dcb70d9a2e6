import type { FastifyBaseLogger } from 'fastify';
import type { DataSource } from 'typeorm';
import type { MedicalInsuranceCore } from '../registry/registry.service';
import { DEMO_REGISTRY } from './demo-data';

/** Loads the demo registry into an empty database, so that a newcomer can tap through at once. */
export async function loadDemoDataIfEmpty(
  ds: DataSource,
  core: MedicalInsuranceCore,
  log: FastifyBaseLogger,
) {
  const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM core.persons`);
  if (count > 0) return false;
  await core.upsertPersons(DEMO_REGISTRY);
  log.info({ persons: DEMO_REGISTRY.length }, 'demo data loaded');
  return true;
}
