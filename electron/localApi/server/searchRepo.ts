import type { DatabaseSync } from 'node:sqlite';

export type SearchKind = 'legacy' | 'inputs' | 'annotations';

export interface SearchHitRow {
  inputId: string;
  score: number;
}

export interface NewSearch {
  id: string;
  kind: SearchKind;
  path: string;
  /** The request body as parsed. */
  query: unknown;
  createdAt: string;
}

/** Searches as answered, with the hits of the page returned: what a search click refers to. */
export class SearchRepo {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  record(search: NewSearch, hits: readonly SearchHitRow[]): void {
    this.#db
      .prepare('INSERT INTO searches (id, kind, path, query, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(search.id, search.kind, search.path, JSON.stringify(search.query), search.createdAt);
    const hit = this.#db.prepare(
      'INSERT INTO search_hits (search_id, rank, input_id, score) VALUES (?, ?, ?, ?)',
    );
    hits.forEach((row, rank) => hit.run(search.id, rank, row.inputId, row.score));
  }

  /** The hits of a search in rank order, or undefined when there was no such search. */
  hits(searchId: string): SearchHitRow[] | undefined {
    if (!this.#db.prepare('SELECT 1 FROM searches WHERE id = ?').get(searchId)) return undefined;
    return this.#db
      .prepare('SELECT input_id, score FROM search_hits WHERE search_id = ? ORDER BY rank')
      .all(searchId)
      .map((row) => ({ inputId: String(row['input_id']), score: Number(row['score']) }));
  }
}
