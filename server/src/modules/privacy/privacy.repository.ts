import type {
  ConsentRecordView,
  PrivacyDocumentKind,
  PrivacyDocumentView,
  PrivacySection,
} from '@puhui/shared';
import { sql, type Db } from '../../lib/db';

/** The version in force of a kind: the one published last. */
const CURRENT_VERSION = (kind: string) =>
  `(SELECT d.version FROM privacy_documents d WHERE d.kind = ${kind} ORDER BY d.published_at DESC LIMIT 1)`;

/**
 * A consent check as part of another module's statement (the login check reads it with the user row,
 * so that authenticating stays one round trip): true when the user's latest record of `kind` gave the
 * version in force.
 */
export const CONSENT_SQL = {
  holds: (userIdExpr: string, kind: PrivacyDocumentKind) =>
    `COALESCE((SELECT c.action = 'GIVEN' AND c.version = ${CURRENT_VERSION('c.kind')}
                 FROM privacy_consents c WHERE c.user_id = ${userIdExpr} AND c.kind = '${kind}'
                ORDER BY c.id DESC LIMIT 1), false)`,
} as const;

interface DocumentRow {
  kind: PrivacyDocumentKind;
  version: string;
  title: string;
  sections: PrivacySection[];
  published_at: Date;
}

interface ConsentRow {
  id: string;
  kind: PrivacyDocumentKind;
  version: string;
  action: 'GIVEN' | 'WITHDRAWN';
  created_at: Date;
}

/** `privacy_documents` (versions, never changed) and `privacy_consents` (append-only records). */
export class PrivacyRepository {
  async currentDocuments(db: Db): Promise<PrivacyDocumentView[]> {
    const rows = await sql<DocumentRow>(
      db,
      `SELECT DISTINCT ON (kind) kind, version, title, sections, published_at
         FROM privacy_documents ORDER BY kind, published_at DESC`,
    );
    return rows.map(documentView);
  }

  /** Inserts a new version; false when that version of the kind exists already. */
  async publish(
    db: Db,
    kind: PrivacyDocumentKind,
    doc: { version: string; title: string; sections: PrivacySection[] },
  ): Promise<PrivacyDocumentView | null> {
    const [row] = await sql<DocumentRow>(
      db,
      `INSERT INTO privacy_documents (kind, version, title, sections) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING kind, version, title, sections, published_at`,
      [kind, doc.version, doc.title, JSON.stringify(doc.sections)],
    );
    return row ? documentView(row) : null;
  }

  async records(db: Db, userId: string): Promise<ConsentRecordView[]> {
    const rows = await sql<ConsentRow>(
      db,
      `SELECT id, kind, version, action, created_at FROM privacy_consents WHERE user_id = $1 ORDER BY id DESC`,
      [userId],
    );
    return rows.map(consentView);
  }

  async append(
    db: Db,
    records: Array<{
      userId: string;
      personId: string | null;
      kind: PrivacyDocumentKind;
      version: string;
      action: 'GIVEN' | 'WITHDRAWN';
    }>,
  ): Promise<ConsentRecordView[]> {
    if (records.length === 0) return [];
    const rows = await sql<ConsentRow>(
      db,
      `INSERT INTO privacy_consents (user_id, person_id, kind, version, action)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::varchar[], $5::varchar[])
       RETURNING id, kind, version, action, created_at`,
      [
        records.map((r) => r.userId),
        records.map((r) => r.personId),
        records.map((r) => r.kind),
        records.map((r) => r.version),
        records.map((r) => r.action),
      ],
    );
    return rows.map(consentView);
  }
}

function documentView(r: DocumentRow): PrivacyDocumentView {
  return {
    kind: r.kind,
    version: r.version,
    title: r.title,
    sections: r.sections,
    publishedAt: new Date(r.published_at).toISOString(),
  };
}

function consentView(r: ConsentRow): ConsentRecordView {
  return {
    id: String(r.id),
    kind: r.kind,
    version: r.version,
    action: r.action,
    at: new Date(r.created_at).toISOString(),
  };
}
