import type { Settings } from '../../../../shared/settings.ts';
import { useAppStore } from '../../state/appStore.ts';
import { TextSetting } from './fields.tsx';

/** Well-known models (docs/clarifai-v2.md §3); the embedded local API answers to the same ids. */
export const modelPresets = [
  { label: 'Face detection', modelId: 'a403429f2ddf4b49b307e318f00e528b' },
  { label: 'Logo', modelId: 'c443119bf2ed4da98487520d01a0b1e3' },
  { label: 'General (concepts)', modelId: 'aaa03c23b3724a16a56b629203edc62c' },
  { label: 'Demographics', modelId: 'c0c0ac362b03416da06ab3fa36fb58e3' },
] as const;

export function ModelSettings({ settings }: { settings: Settings }) {
  const update = useAppStore((state) => state.updateSettings);
  const preset = modelPresets.find((entry) => entry.modelId === settings.model.modelId);
  return (
    <fieldset className="fieldset">
      <legend>Model</legend>
      <label>
        <span>Run predictions with</span>
        <select
          value={preset?.modelId ?? 'custom'}
          onChange={(event) => {
            if (event.target.value !== 'custom') void update({ model: { modelId: event.target.value } });
          }}
        >
          {modelPresets.map((entry) => (
            <option key={entry.modelId} value={entry.modelId}>
              {entry.label}
            </option>
          ))}
          <option value="custom">Custom model…</option>
        </select>
      </label>
      <TextSetting
        label="Model id"
        value={settings.model.modelId}
        onCommit={(modelId) => update({ model: { ...settings.model, modelId } })}
      />
      <TextSetting
        label="Model version id (optional)"
        value={settings.model.versionId ?? ''}
        onCommit={(versionId) =>
          update({
            model: versionId ? { ...settings.model, versionId } : { modelId: settings.model.modelId },
          })
        }
      />
    </fieldset>
  );
}
