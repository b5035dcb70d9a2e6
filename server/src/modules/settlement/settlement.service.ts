import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { SettlementPart, SettlementRequest, SettlementResponse } from '@puhui/shared';
import type { Secrets } from '../../lib/crypto';
import { fail } from '../../lib/errors';
import { toFen } from '../../lib/columns';
import type { FamilyService } from '../family/family.service';
import type { MedicalInsuranceCore, Posting } from '../registry/registry.service';
import { changeSummary, type Audit } from '../audit/audit.service';
import type { WalletService } from '../wallet/wallet.service';

type Source = SettlementPart['source'];

export interface Institution {
  code: string;
  name: string;
}

/**
 * 就医结算 (医保核心 side): a 定点医药机构 settles a patient's personal-burden amount. The patient's own
 * 个账 pays first; when it is empty, the authorisers' accounts in the patient's chosen order; the rest is
 * returned as uncovered. A settlement can be reversed, restoring every part exactly.
 */
export class SettlementService {
  constructor(
    private readonly ds: DataSource,
    private readonly core: MedicalInsuranceCore,
    private readonly family: FamilyService,
    private readonly secrets: Secrets,
    private readonly wallet: WalletService,
  ) {}

  /** Registers an institution or rotates its key; the key is returned once and stored only hashed. */
  /** Registers or renames an institution with a new key; `audit` records it (never the key) in the same transaction. */
  async putInstitution(
    code: string,
    name: string,
    audit?: Audit,
  ): Promise<{ institution: Institution; apiKey: string }> {
    const apiKey = `inst_${randomBytes(24).toString('base64url')}`;
    await this.ds.transaction(async (tx) => {
      const [before]: Array<{ name: string }> = await tx.query(
        `SELECT name FROM core.institutions WHERE code = $1 FOR UPDATE`,
        [code],
      );
      await tx.query(
        `INSERT INTO core.institutions (code, name, key_hash) VALUES ($1, $2, $3)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, key_hash = EXCLUDED.key_hash, key_rotated_at = now()`,
        [code, name, this.secrets.lookupHash(apiKey)],
      );
      const named = changeSummary(before ?? null, { name });
      await audit?.(tx, {
        action: before ? 'institution.rotate-key' : 'institution.create',
        target: `institution:${code}`,
        summary: before ? `${named === '无变化' ? '' : `${named}; `}密钥已轮换` : `${named}; 密钥已生成`,
      });
    });
    return { institution: { code, name }, apiKey };
  }

  /** The institution a key belongs to (looked up by its keyed hash), or null. */
  async institutionByKey(apiKey: string): Promise<Institution | null> {
    const [row] = await this.ds.query(`SELECT code, name FROM core.institutions WHERE key_hash = $1`, [
      this.secrets.lookupHash(apiKey),
    ]);
    return row ?? null;
  }

  /** Finds the patient by their own credential (name + ID number); 422 when they do not match. */
  async patient(req: SettlementRequest) {
    const patient = await this.core.findByIdentity(req.patientName, req.patientIdNumber);
    if (!patient)
      fail('IDENTITY_NOT_VERIFIED', undefined, '患者姓名与身份证号不匹配或未参保，请核对患者本人的医保凭证');
    if (patient.status !== 'ACTIVE')
      fail('RELATIVE_NOT_INSURED', undefined, '患者未处于医保在保状态，不能使用个人账户结算');
    return patient;
  }

  async settle(
    tx: EntityManager,
    institution: Institution,
    patientId: string,
    amountFen: number,
  ): Promise<SettlementResponse> {
    const authorizers = await this.family.payersInOrder(patientId, tx);
    // Lock every account that may pay, in id order (never deadlocks with a payment), and the patient's
    // 医保钱包, then read what is available under the locks and split the amount in the order of
    // product.md §7: own 个账 → own wallet → the authorisers' 个账 in the patient's order.
    const available = await this.core.lockAccounts(tx, [patientId, ...authorizers]);
    const walletBalance = await this.wallet.lockBalance(tx, patientId);
    const sources: Array<{ payerId: string; source: Source; availableFen: number }> = [
      { payerId: patientId, source: 'OWN', availableFen: available.get(patientId) ?? 0 },
      { payerId: patientId, source: 'WALLET', availableFen: walletBalance },
      ...authorizers.map((id) => ({
        payerId: id,
        source: 'FAMILY' as const,
        availableFen: available.get(id) ?? 0,
      })),
    ];
    let remaining = amountFen;
    const parts: Array<{ payerId: string; source: Source; amountFen: number }> = [];
    for (const s of sources) {
      const take = Math.min(remaining, s.availableFen);
      if (take > 0) parts.push({ payerId: s.payerId, source: s.source, amountFen: take });
      remaining -= take;
      if (remaining === 0) break;
    }
    const [row] = await tx.query(
      `INSERT INTO core.settlements (institution_code, patient_person_id, amount_fen, uncovered_fen, status)
       VALUES ($1, $2, $3, $4, 'SETTLED') RETURNING id`,
      [institution.code, patientId, amountFen, remaining],
    );
    await this.recordParts(tx, row.id, parts);
    await this.postParts(tx, row.id, parts, -1, patientId, institution);
    return this.view(row.id, tx);
  }

  private async recordParts(
    tx: EntityManager,
    settlementId: string,
    parts: Array<{ payerId: string; source: string; amountFen: number }>,
  ) {
    if (parts.length === 0) return;
    await tx.query(
      `INSERT INTO core.settlement_parts (settlement_id, position, payer_person_id, source, amount_fen)
       SELECT $1, ord, p, s, a FROM unnest($2::uuid[], $3::varchar[], $4::bigint[]) WITH ORDINALITY AS t(p, s, a, ord)`,
      [settlementId, parts.map((p) => p.payerId), parts.map((p) => p.source), parts.map((p) => p.amountFen)],
    );
  }

  /** Debits (sign −1) or restores (sign +1) every part: 个账 parts in the ledger, wallet parts in the wallet. */
  private async postParts(
    tx: EntityManager,
    settlementId: string,
    parts: Array<{ payerId: string; source: Source; amountFen: number }>,
    sign: 1 | -1,
    patientId: string,
    institution: Institution,
  ) {
    await this.core.post(
      tx,
      parts
        .filter((p) => p.source !== 'WALLET')
        .map((p) => this.posting(settlementId, p.payerId, sign * p.amountFen, patientId, institution)),
    );
    await this.wallet.postEntries(
      tx,
      parts
        .filter((p) => p.source === 'WALLET')
        .map((p) => ({
          walletId: p.payerId,
          amountFen: sign * p.amountFen,
          kind: sign < 0 ? ('CLINIC_SETTLEMENT' as const) : ('REVERSAL' as const),
          reference: `ST-${settlementId}`.slice(0, 64),
          memo: institution.name.slice(0, 100),
        })),
    );
  }

  private posting(
    settlementId: string,
    accountId: string,
    amountFen: number,
    patientId: string,
    institution: Institution,
  ): Posting {
    return {
      accountId,
      amountFen,
      kind: amountFen < 0 ? 'CLINIC_SETTLEMENT' : 'REVERSAL',
      beneficiaryId: patientId,
      reference: `ST-${settlementId}`.slice(0, 64),
      memo: institution.name.slice(0, 100),
    };
  }

  /** 冲正: every part goes back to its account with a REVERSAL entry; a second reversal is refused. */
  async reverse(
    tx: EntityManager,
    institution: Institution,
    settlementId: string,
  ): Promise<SettlementResponse> {
    const [s] = await tx.query(
      `SELECT id, status, patient_person_id FROM core.settlements WHERE id = $1 AND institution_code = $2 FOR UPDATE`,
      [settlementId, institution.code],
    );
    if (!s) fail('NOT_FOUND');
    if (s.status === 'REVERSED') fail('SETTLEMENT_ALREADY_REVERSED');
    const parts: Array<{ payer_person_id: string; source: Source; amount_fen: string }> = await tx.query(
      `SELECT payer_person_id, source, amount_fen FROM core.settlement_parts WHERE settlement_id = $1 ORDER BY position`,
      [settlementId],
    );
    await this.postParts(
      tx,
      settlementId,
      parts.map((p) => ({ payerId: p.payer_person_id, source: p.source, amountFen: toFen(p.amount_fen) })),
      1,
      s.patient_person_id,
      institution,
    );
    await tx.query(`UPDATE core.settlements SET status = 'REVERSED', reversed_at = now() WHERE id = $1`, [
      settlementId,
    ]);
    return this.view(settlementId, tx);
  }

  private async view(settlementId: string, tx: EntityManager): Promise<SettlementResponse> {
    const [s] = await tx.query(
      `SELECT id, status, amount_fen, uncovered_fen FROM core.settlements WHERE id = $1`,
      [settlementId],
    );
    const parts = await tx.query(
      `SELECT payer_person_id, source, amount_fen FROM core.settlement_parts WHERE settlement_id = $1 ORDER BY position`,
      [settlementId],
    );
    const people = await this.core.getPersons(
      parts.map((p: { payer_person_id: string }) => p.payer_person_id),
      tx,
    );
    return {
      settlementId: s.id,
      status: s.status,
      amountFen: toFen(s.amount_fen),
      parts: parts.map(
        (p: { payer_person_id: string; source: Source; amount_fen: string }): SettlementPart => ({
          source: p.source,
          payer: { person: this.core.personView(people.get(p.payer_person_id)!) },
          amountFen: toFen(p.amount_fen),
        }),
      ),
      uncoveredFen: toFen(s.uncovered_fen),
    };
  }
}
