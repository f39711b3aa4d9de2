import { useState } from 'react';
import type { CommandOutput } from '../../../../shared/contract.ts';
import { defaultPlatformProfile, type PlatformProfile, type Settings } from '../../../../shared/settings.ts';
import { loupe } from '../../loupe.ts';
import { useAppStore } from '../../state/appStore.ts';
import { TextSetting } from './fields.tsx';

type Detector = CommandOutput<'platform.models'>['models'][number];

/**
 * How reviews are delivered (docs/clarifai-platform.md): v2 feedback, as the seed's API and any
 * v2-compatible collector take it, or inputs and annotations of a team's app on today's
 * platform — with the app and the model whose predictions are reviewed.
 */
export function DeliverySettings({ settings }: { settings: Settings }) {
  const update = useAppStore((state) => state.updateSettings);
  const platform = settings.platform;
  const setPlatform = (next: PlatformProfile) => update({ platform: next });

  return (
    <fieldset className="fieldset" data-testid="delivery-settings">
      <legend>Delivery</legend>
      <div role="radiogroup" aria-label="Deliver reviews as" className="radios">
        <label className="radio">
          <input
            type="radio"
            name="delivery"
            value="v2_feedback"
            checked={settings.delivery === 'v2_feedback'}
            onChange={() => void update({ delivery: 'v2_feedback' })}
          />
          <span>Clarifai v2 feedback (the v2 feedback API and v2-compatible collectors)</span>
        </label>
        <label className="radio">
          <input
            type="radio"
            name="delivery"
            value="platform"
            checked={settings.delivery === 'platform'}
            onChange={() => void update({ delivery: 'platform' })}
          />
          <span>Clarifai platform: inputs and annotations of a team&apos;s app</span>
        </label>
      </div>
      {settings.delivery === 'platform' && (
        <>
          <TextSetting
            label="App user id"
            hint="The app reviews land in. The embedded local API holds me / loupe."
            value={platform.userId}
            onCommit={(userId) => setPlatform({ ...platform, userId })}
          />
          <TextSetting
            label="App id"
            value={platform.appId}
            onCommit={(appId) => setPlatform({ ...platform, appId })}
          />
          <PlatformModel platform={platform} onChange={setPlatform} />
        </>
      )}
    </fieldset>
  );
}

function PlatformModel({
  platform,
  onChange,
}: {
  platform: PlatformProfile;
  onChange: (next: PlatformProfile) => Promise<boolean>;
}) {
  const report = useAppStore((state) => state.report);
  const [detectors, setDetectors] = useState<Detector[] | undefined>();
  const [loading, setLoading] = useState(false);
  const { model } = platform;
  const modelKey = (entry: { userId: string; appId: string; id: string }) =>
    `${entry.userId}/${entry.appId}/${entry.id}`;
  const current = `${model.userId}/${model.appId}/${model.modelId}`;

  const list = () => {
    setLoading(true);
    void loupe
      .invoke('platform.models', { userId: model.userId, appId: model.appId })
      .then((result) => {
        const value = report(result);
        if (value) setDetectors(value.models);
      })
      .finally(() => setLoading(false));
  };

  return (
    <div className="subfield" data-testid="platform-model">
      <TextSetting
        label="Model app (user / app)"
        hint="Public models live in clarifai / main."
        value={`${model.userId}/${model.appId}`}
        onCommit={(text) => {
          const [userId, appId, ...rest] = text.split('/').map((part) => part.trim());
          if (!userId || !appId || rest.length > 0) return Promise.resolve(false);
          setDetectors(undefined);
          return onChange({ ...platform, model: { userId, appId, modelId: model.modelId } });
        }}
      />
      <div className="row">
        <button type="button" onClick={list} disabled={loading}>
          {loading ? 'Listing…' : 'List detectors'}
        </button>
        <button
          type="button"
          onClick={() => void onChange({ ...platform, model: defaultPlatformProfile.model })}
        >
          Use face detection
        </button>
      </div>
      {detectors && (
        <label>
          <span>Detector</span>
          <select
            aria-label="Detector"
            value={detectors.some((entry) => modelKey(entry) === current) ? current : ''}
            onChange={(event) => {
              const chosen = detectors.find((entry) => modelKey(entry) === event.target.value);
              if (chosen)
                void onChange({
                  ...platform,
                  model: {
                    userId: chosen.userId,
                    appId: chosen.appId,
                    modelId: chosen.id,
                    ...(chosen.versionId ? { versionId: chosen.versionId } : {}),
                  },
                });
            }}
          >
            {!detectors.some((entry) => modelKey(entry) === current) && <option value="">(choose)</option>}
            {detectors.map((entry) => (
              <option key={modelKey(entry)} value={modelKey(entry)}>
                {entry.name}
                {entry.concepts.length > 0 ? ` — ${conceptSummary(entry.concepts)}` : ''}
              </option>
            ))}
          </select>
          {detectors.length === 0 && <small className="muted">This app lists no detectors.</small>}
        </label>
      )}
      <TextSetting
        label="Model id"
        value={model.modelId}
        onCommit={(modelId) => onChange({ ...platform, model: { ...model, modelId } })}
      />
      <TextSetting
        label="Model version id (optional)"
        value={model.versionId ?? ''}
        onCommit={(versionId) =>
          onChange({
            ...platform,
            model: {
              userId: model.userId,
              appId: model.appId,
              modelId: model.modelId,
              ...(versionId ? { versionId } : {}),
            },
          })
        }
      />
    </div>
  );
}

function conceptSummary(concepts: readonly string[]): string {
  const shown = concepts.slice(0, 4).join(', ');
  return concepts.length > 4 ? `${shown} and ${concepts.length - 4} more` : shown;
}
