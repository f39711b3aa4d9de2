import type { DatabaseSync } from 'node:sqlite';
import { openDatabase, type Migration } from '../../io/sqlite.ts';
import { checkSqliteFile } from '../../io/sqliteFileCheck.ts';
import { AuditRepo } from './auditRepo.ts';
import { ImageRepo } from './imageRepo.ts';
import { workspace001Initial } from './migrations/workspace001Initial.ts';
import { workspace002JournalState } from './migrations/workspace002JournalState.ts';
import { workspace003ModelConcepts } from './migrations/workspace003ModelConcepts.ts';
import { workspace004PlatformDelivery } from './migrations/workspace004PlatformDelivery.ts';
import { workspace005RegionRows } from './migrations/workspace005RegionRows.ts';
import { workspace006ReviewFacets } from './migrations/workspace006ReviewFacets.ts';
import { workspace007Audits } from './migrations/workspace007Audits.ts';
import { workspace008RegionFacets } from './migrations/workspace008RegionFacets.ts';
import { JobRepo } from './jobRepo.ts';
import { ModelConceptRepo } from './modelConceptRepo.ts';
import { OutboxRepo } from './outboxRepo.ts';
import { PredictionRepo } from './predictionRepo.ts';
import { RegionRepo } from './regionRepo.ts';
import { ReviewRepo } from './reviewRepo.ts';

export const workspaceMigrations: readonly Migration[] = [
  workspace001Initial,
  workspace002JournalState,
  workspace003ModelConcepts,
  workspace004PlatformDelivery,
  workspace005RegionRows,
  workspace006ReviewFacets,
  workspace007Audits,
  workspace008RegionFacets,
];

/** One workspace file (e.g. one per campaign) and the repositories over it. */
export class Workspace {
  readonly file: string;
  readonly db: DatabaseSync;
  readonly images: ImageRepo;
  readonly reviews: ReviewRepo;
  readonly predictions: PredictionRepo;
  readonly outbox: OutboxRepo;
  readonly jobs: JobRepo;
  readonly modelConcepts: ModelConceptRepo;
  readonly audits: AuditRepo;
  readonly regions: RegionRepo;

  /**
   * `createInEmpty`: the person asked for a new workspace at `file`, which may be an existing
   * empty file; otherwise an empty file is refused (it is not a workspace, and opening it would
   * show an empty one as if its images were gone). A missing file is always created.
   */
  constructor(file: string, options: { createInEmpty?: boolean } = {}) {
    this.file = file;
    checkSqliteFile(file, 'workspace', options.createInEmpty ?? false);
    this.db = openDatabase(file, workspaceMigrations, 'workspace');
    this.images = new ImageRepo(this.db);
    this.reviews = new ReviewRepo(this.db);
    this.modelConcepts = new ModelConceptRepo(this.db);
    this.predictions = new PredictionRepo(this.db, this.reviews, this.modelConcepts);
    this.outbox = new OutboxRepo(this.db);
    this.jobs = new JobRepo(this.db);
    this.audits = new AuditRepo(this.db);
    this.regions = new RegionRepo(this.db);
  }

  /** This workspace's own id (part of the ids of the annotations it delivers). */
  get id(): string {
    const row = this.db.prepare(`SELECT value FROM workspace_info WHERE key = 'id'`).get();
    return String(row?.['value']);
  }

  close(): void {
    this.db.close();
  }
}
