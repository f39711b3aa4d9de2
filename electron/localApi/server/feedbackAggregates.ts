import { verdicts, type Verdict } from '../../../shared/review.ts';
import type { StoredFeedback } from './feedbackRepo.ts';

export interface ConceptCounts {
  id: string;
  /** Sent as present (`true`, or a value ≥ 0.5). */
  positive: number;
  negative: number;
}

export interface ModelAggregate {
  modelId: string;
  /** Feedback requests stored (a repeated delivery counts once). */
  requests: number;
  /** Regions per verdict. */
  verdicts: Record<Verdict, number>;
  /** Image-level and region concepts together, by concept id. */
  concepts: ConceptCounts[];
}

export interface FeedbackAggregates {
  models: ModelAggregate[];
  searchClicks: number;
}

interface ParsedConcept {
  id?: unknown;
  value?: unknown;
}
interface ParsedRegion {
  region_info?: { feedback?: unknown };
  data?: { concepts?: ParsedConcept[]; face?: Record<string, { concepts?: ParsedConcept[] } | undefined> };
}
interface ParsedModelFeedback {
  input?: { data?: { concepts?: ParsedConcept[]; regions?: ParsedRegion[] } };
}

const isPositive = (value: unknown) => value === true || (typeof value === 'number' && value >= 0.5);

/** Per model, how many regions got each verdict and how often each concept was confirmed or denied. */
export function aggregateFeedback(rows: Iterable<StoredFeedback>): FeedbackAggregates {
  const models = new Map<
    string,
    { requests: number; verdicts: Record<Verdict, number>; concepts: Map<string, ConceptCounts> }
  >();
  let searchClicks = 0;
  for (const row of rows) {
    if (row.kind === 'search') {
      searchClicks++;
      continue;
    }
    const modelId = row.modelId ?? row.pathModelId ?? '(unknown)';
    let model = models.get(modelId);
    if (!model) {
      model = {
        requests: 0,
        verdicts: Object.fromEntries(verdicts.map((verdict) => [verdict, 0])) as Record<Verdict, number>,
        concepts: new Map(),
      };
      models.set(modelId, model);
    }
    const counts = model;
    counts.requests++;
    const count = (concept: ParsedConcept) => {
      if (typeof concept.id !== 'string') return;
      const entry = counts.concepts.get(concept.id) ?? { id: concept.id, positive: 0, negative: 0 };
      if (isPositive(concept.value)) entry.positive++;
      else entry.negative++;
      counts.concepts.set(concept.id, entry);
    };
    const data = (row.parsed as ParsedModelFeedback).input?.data;
    data?.concepts?.forEach(count);
    for (const region of data?.regions ?? []) {
      const verdict = region.region_info?.feedback;
      if (typeof verdict === 'string' && verdict in counts.verdicts) counts.verdicts[verdict as Verdict]++;
      region.data?.concepts?.forEach(count);
      for (const group of Object.values(region.data?.face ?? {})) group?.concepts?.forEach(count);
    }
  }
  return {
    models: [...models].map(([modelId, model]) => ({
      modelId,
      requests: model.requests,
      verdicts: model.verdicts,
      concepts: [...model.concepts.values()].sort((a, b) => a.id.localeCompare(b.id)),
    })),
    searchClicks,
  };
}
