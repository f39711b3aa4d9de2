/**
 * The team collector's schema, one numbered migration per entry, with the text for each backend
 * (docs/team-collector.md, "Data model"). SQLite keeps its version in `PRAGMA user_version` of its
 * own file; PostgreSQL in `team_schema_version`, applied under an advisory lock so several
 * `loupe serve` processes starting together migrate once.
 *
 * - `team_reviewers` / `team_keys`: a reviewer and the SHA-256 digests of the keys the lead issued
 *   them; a revoked key keeps its row (`revoked_at`), so it answers "revoked", not "unknown".
 * - `team_campaigns`: policy `partitioned` (overlap 1) or `overlap` (k slots per image).
 * - `team_images`: URL or stored bytes, size when known, the model's regions (JSON), gold verdicts.
 * - `team_slots`: k rows per image, `open` → `leased` (holder, expiry) → `done`. The unique index on
 *   (campaign, image, holder) is what keeps one reviewer to one slot of an image.
 * - `team_lease_grants`: every lease ever granted, for audit and for "was this image yours".
 * - `team_reviews`: one per (campaign, image, reviewer) — the key of idempotent submits; `kind` is
 *   `counted` (it filled a slot) or `extra` (every slot was done when it came).
 */
export interface TeamMigration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

const schema001 = (blob: string, strict: string) => `
  CREATE TABLE team_reviewers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
  )${strict};
  CREATE TABLE team_keys (
    key_sha256 TEXT PRIMARY KEY,
    reviewer_id TEXT NOT NULL REFERENCES team_reviewers (id),
    created_at TEXT NOT NULL,
    revoked_at TEXT
  )${strict};
  CREATE TABLE team_campaigns (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    model_id TEXT NOT NULL,
    policy TEXT NOT NULL CHECK (policy IN ('partitioned', 'overlap')),
    overlap INTEGER NOT NULL CHECK (overlap BETWEEN 1 AND 10),
    lease_seconds INTEGER NOT NULL,
    created_at TEXT NOT NULL
  )${strict};
  CREATE TABLE team_images (
    campaign_id TEXT NOT NULL REFERENCES team_campaigns (id),
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    url TEXT,
    bytes ${blob},
    width INTEGER,
    height INTEGER,
    regions TEXT NOT NULL,
    gold TEXT,
    PRIMARY KEY (campaign_id, id)
  )${strict};
  CREATE TABLE team_slots (
    campaign_id TEXT NOT NULL,
    image_id TEXT NOT NULL,
    slot INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'leased', 'done')),
    holder TEXT,
    lease_expires_at TEXT,
    PRIMARY KEY (campaign_id, image_id, slot),
    FOREIGN KEY (campaign_id, image_id) REFERENCES team_images (campaign_id, id)
  )${strict};
  CREATE UNIQUE INDEX team_slots_holder ON team_slots (campaign_id, image_id, holder);
  CREATE INDEX team_slots_pool ON team_slots (campaign_id, state, seq);
  CREATE TABLE team_lease_grants (
    id TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL,
    image_id TEXT NOT NULL,
    slot INTEGER NOT NULL,
    reviewer_id TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  )${strict};
  CREATE INDEX team_lease_grants_image ON team_lease_grants (campaign_id, image_id, reviewer_id);
  CREATE TABLE team_reviews (
    campaign_id TEXT NOT NULL,
    image_id TEXT NOT NULL,
    reviewer_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('counted', 'extra')),
    regions TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    PRIMARY KEY (campaign_id, image_id, reviewer_id)
  )${strict};
`;

export const teamMigrations: readonly TeamMigration[] = [
  {
    version: 1,
    name: 'create reviewers, keys, campaigns, images, slots, lease grants and reviews',
    sqlite: schema001('BLOB', ' STRICT'),
    postgres: schema001('BYTEA', ''),
  },
];
