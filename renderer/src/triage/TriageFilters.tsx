import { useEffect, useState } from 'react';
import { triageVerdictSchema, type TriageVerdict } from '../../../shared/regionTriage.ts';
import { loupe } from '../loupe.ts';
import { verdictLabels } from '../review/ImageList.tsx';
import { setFilter } from './triageActions.ts';
import { useTriageStore } from './triageStore.ts';

const verdictOptions: Record<TriageVerdict, string> = { unreviewed: 'Unreviewed', ...verdictLabels };

/** A percentage typed in a band field, as the filter's 0–1; empty or not a number is no bound. */
function bound(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? Math.max(0, Math.min(1, value / 100)) : undefined;
}

/** The grid's filters: concept, verdict, confidence band (percent, inclusive) and model (by name). */
export function TriageFilters() {
  const filter = useTriageStore((state) => state.filter);
  const models = useTriageStore((state) => state.models);
  const concepts = useTriageStore((state) => state.concepts);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());

  useEffect(() => {
    let live = true;
    // The endpoint's names for the model ids; an id stays as it is when the endpoint cannot say.
    void loupe.invoke('models.list', {}).then((result) => {
      if (live && result.ok) setNames(new Map(result.value.models.map((model) => [model.id, model.name])));
    });
    return () => {
      live = false;
    };
  }, []);

  const percent = (value: number | undefined) => (value === undefined ? '' : String(Math.round(value * 100)));
  return (
    <div className="triage-filters" role="group" aria-label="Filters">
      <label>
        Concept
        <select
          value={filter.concept ?? ''}
          onChange={(event) => setFilter({ concept: event.target.value || undefined })}
        >
          <option value="">All concepts</option>
          {concepts.map((concept) => (
            <option key={concept} value={concept}>
              {concept}
            </option>
          ))}
        </select>
      </label>
      <label>
        Verdict
        <select
          value={filter.verdict ?? ''}
          onChange={(event) => {
            const parsed = triageVerdictSchema.safeParse(event.target.value);
            setFilter({ verdict: parsed.success ? parsed.data : undefined });
          }}
        >
          <option value="">All verdicts</option>
          {(Object.keys(verdictOptions) as TriageVerdict[]).map((verdict) => (
            <option key={verdict} value={verdict}>
              {verdictOptions[verdict]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Confidence from
        <input
          type="number"
          min={0}
          max={100}
          step={1}
          aria-label="Minimum confidence (%)"
          defaultValue={percent(filter.minConfidence)}
          onChange={(event) => setFilter({ minConfidence: bound(event.target.value) })}
        />
      </label>
      <label>
        to
        <input
          type="number"
          min={0}
          max={100}
          step={1}
          aria-label="Maximum confidence (%)"
          defaultValue={percent(filter.maxConfidence)}
          onChange={(event) => setFilter({ maxConfidence: bound(event.target.value) })}
        />
        %
      </label>
      <label>
        Model
        <select
          value={filter.modelId ?? ''}
          onChange={(event) => setFilter({ modelId: event.target.value || undefined })}
        >
          <option value="">All models</option>
          {models.map((model) => (
            <option key={model} value={model}>
              {names.get(model) ?? model}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
