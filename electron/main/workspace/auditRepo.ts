import { randomInt } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { AuditUnit, AuditView } from '../../../shared/auditView.ts';
import { LoupeError } from '../../../shared/LoupeError.ts';
import { auditEstimate, auditOrder, confidenceStratum, type StratumTally } from '../../../shared/qaAudit.ts';
import { regionConfidence, regionVerdict, reviewedRegionSchema, topConcept } from '../../../shared/review.ts';
import { inTransaction } from '../../io/sqlite.ts';

export interface AuditSettings {
  targetHalfWidth: number;
  byConcept: boolean;
  seed?: number | undefined;
}

/** Units are read in pages while the sample is walked: never the whole population at once. */
const pageSize = 500;

/**
 * Audits by sampling (docs/qa-estimates.md, "Audit mode"). Starting one orders every predicted
 * region of the workspace by the seeded stratified draw of `shared/qaAudit.ts`; its view walks
 * that order, reading each region's verdict from its review: the sample is the first `drawn`
 * regions, the next is the first without a verdict, and the estimate is over the judged ones.
 * At most one audit is open; starting another closes it.
 */
export class AuditRepo {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  start(settings: AuditSettings): AuditView {
    const seed = settings.seed ?? randomInt(0, 2 ** 31 - 1);
    const id = inTransaction(this.#db, () => {
      const units = this.#population(settings.byConcept);
      if (units.length === 0) throw new LoupeError('conflict', 'There is no predicted region to audit');
      this.#db.prepare(`UPDATE audits SET state = 'closed' WHERE state = 'open'`).run();
      const audit = this.#db
        .prepare(
          `INSERT INTO audits (seed, target_half_width, by_concept, state, created_at) VALUES (?, ?, ?, 'open', ?)`,
        )
        .run(seed, settings.targetHalfWidth, settings.byConcept ? 1 : 0, new Date().toISOString());
      const auditId = Number(audit.lastInsertRowid);
      const insert = this.#db.prepare(
        'INSERT INTO audit_units (audit_id, position, prediction_id, region_key, stratum) VALUES (?, ?, ?, ?, ?)',
      );
      auditOrder(units, seed).forEach((unit, position) =>
        insert.run(auditId, position, unit.predictionId, unit.key, unit.stratum),
      );
      return auditId;
    });
    return this.view(id);
  }

  /** The open audit's id, if one is open. */
  current(): number | undefined {
    const row = this.#db.prepare(`SELECT id FROM audits WHERE state = 'open' ORDER BY id DESC LIMIT 1`).get();
    return row ? Number(row['id']) : undefined;
  }

  close(): void {
    this.#db.prepare(`UPDATE audits SET state = 'closed' WHERE state = 'open'`).run();
  }

  /** Where the audit stands now; draws the next region into the sample when it is not done. */
  view(auditId: number): AuditView {
    return inTransaction(this.#db, () => {
      const audit = this.#db
        .prepare('SELECT seed, target_half_width, by_concept, drawn FROM audits WHERE id = ?')
        .get(auditId);
      if (!audit) throw new LoupeError('not_found', `No audit ${auditId}`);
      const target = Number(audit['target_half_width']);
      const drawnBefore = Number(audit['drawn']);
      const tallies = new Map<string, StratumTally>();
      for (const row of this.#db
        .prepare(
          'SELECT stratum, COUNT(*) AS size FROM audit_units WHERE audit_id = ? GROUP BY stratum ORDER BY stratum',
        )
        .all(auditId))
        tallies.set(String(row['stratum']), { size: Number(row['size']), judged: 0, correct: 0 });

      // Walk the order: every unit before the first one without a verdict, and the whole sample
      // drawn so far (an undo can leave a hole in it, which is then the next to review).
      const seen: (AuditUnit & { stratum: string; judged: boolean })[] = [];
      let next: AuditUnit | undefined;
      let from = 0;
      for (;;) {
        const page = this.#units(auditId, from);
        for (const unit of page) {
          if (seen.length >= drawnBefore && next) break;
          const verdict = this.#verdict(unit.predictionId, unit.regionKey);
          const judged = verdict !== undefined && verdict !== 'not_detected';
          seen.push({ ...unit, position: seen.length, judged });
          if (judged) {
            const tally = tallies.get(unit.stratum)!;
            tally.judged++;
            if (verdict !== 'false_positive') tally.correct++;
          } else next ??= { ...unit, position: seen.length - 1 };
        }
        if (page.length < pageSize || (seen.length >= drawnBefore && next)) break;
        from = page.at(-1)!.storedPosition + 1;
      }
      const estimate = auditEstimate([...tallies.values()], target);
      const stopped = estimate.done || !next;
      const drawn = stopped ? drawnBefore : Math.max(drawnBefore, next!.position + 1);
      if (drawn !== drawnBefore)
        this.#db.prepare('UPDATE audits SET drawn = ? WHERE id = ?').run(drawn, auditId);
      const shown = stopped ? undefined : next;
      return {
        id: auditId,
        seed: Number(audit['seed']),
        targetHalfWidth: target,
        byConcept: Number(audit['by_concept']) === 1,
        population: [...tallies.values()].reduce((sum, tally) => sum + tally.size, 0),
        strata: [...tallies.entries()].map(([stratum, tally]) => ({ stratum, ...tally })),
        drawn,
        judged: estimate.judged,
        estimate: estimate.estimate,
        low: estimate.low,
        high: estimate.high,
        halfWidth: estimate.halfWidth,
        remaining: stopped ? 0 : estimate.remaining,
        done: stopped,
        next: shown
          ? {
              position: shown.position,
              predictionId: shown.predictionId,
              imageId: shown.imageId,
              regionKey: shown.regionKey,
            }
          : null,
        shownKeys: shown
          ? seen
              .filter((unit) => unit.position < drawn && unit.predictionId === shown.predictionId)
              .map((unit) => unit.regionKey)
          : [],
      };
    });
  }

  /** Every predicted region of every review, with its stratum. */
  #population(byConcept: boolean): { id: string; predictionId: number; key: string; stratum: string }[] {
    const rows = this.#db
      .prepare(
        `SELECT rr.prediction_id, rr.key, rr.region FROM review_regions rr
         JOIN reviews r ON r.prediction_id = rr.prediction_id ORDER BY rr.prediction_id, rr.position`,
      )
      .all();
    return rows.flatMap((row) => {
      const region = parseRegion(row['region']);
      if (region?.source !== 'predicted') return [];
      const predictionId = Number(row['prediction_id']);
      const concept = byConcept
        ? (topConcept(region.concepts)?.name || 'no concept').toLowerCase()
        : undefined;
      return [
        {
          id: `${predictionId.toString().padStart(12, '0')}/${region.key}`,
          predictionId,
          key: region.key,
          stratum: confidenceStratum(regionConfidence(region), concept),
        },
      ];
    });
  }

  #units(auditId: number, from: number) {
    return this.#db
      .prepare(
        `SELECT u.position, u.prediction_id, u.region_key, u.stratum, p.image_id FROM audit_units u
         JOIN predictions p ON p.id = u.prediction_id
         WHERE u.audit_id = ? AND u.position >= ? ORDER BY u.position LIMIT ${pageSize}`,
      )
      .all(auditId, from)
      .map((row) => ({
        storedPosition: Number(row['position']),
        position: 0,
        predictionId: Number(row['prediction_id']),
        imageId: Number(row['image_id']),
        regionKey: String(row['region_key']),
        stratum: String(row['stratum']),
      }));
  }

  #verdict(predictionId: number, key: string) {
    const row = this.#db
      .prepare('SELECT region FROM review_regions WHERE prediction_id = ? AND key = ?')
      .get(predictionId, key);
    const region = parseRegion(row?.['region']);
    return region && regionVerdict(region);
  }
}

/** A stored region, validated as it is read back; undefined when it does not parse. */
function parseRegion(text: unknown) {
  if (typeof text !== 'string') return undefined;
  try {
    const region = reviewedRegionSchema.safeParse(JSON.parse(text));
    return region.success ? region.data : undefined;
  } catch {
    return undefined;
  }
}
