import { useEffect, useState } from 'react';
import type { KeyStatus } from '../../../../shared/keyStatus.ts';
import type { Settings } from '../../../../shared/settings.ts';
import { loupe } from '../../loupe.ts';
import { useAppStore } from '../../state/appStore.ts';

/**
 * The API key is write-only: it can be set or cleared, and the app shows only whether one is set
 * and its last 4 characters. The field is emptied as soon as the key is handed to the main side.
 */
export function KeySettings({ settings }: { settings: Settings }) {
  const report = useAppStore((state) => state.report);
  const update = useAppStore((state) => state.updateSettings);
  const [status, setStatus] = useState<KeyStatus | undefined>();
  const [draft, setDraft] = useState('');

  useEffect(() => {
    void loupe.invoke('vault.status', {}).then((result) => setStatus(report(result)));
  }, [report]);

  const save = async () => {
    const key = draft;
    setDraft('');
    const next = report(await loupe.invoke('vault.set', { key }));
    if (next) setStatus(next);
  };

  return (
    <fieldset className="fieldset">
      <legend>API key</legend>
      <p className="muted" data-testid="key-status">
        {status?.isSet
          ? `A key is set (ending in ${status.last4 ?? '????'}${status.source === 'environment' ? ', from LOUPE_API_KEY' : ''}).`
          : settings.endpoint.kind === 'local'
            ? 'No key is set. The embedded local API needs none.'
            : settings.endpoint.kind === 'clarifai'
              ? 'No key is set. Clarifai needs a personal access token (PAT).'
              : settings.endpoint.kind === 'team'
                ? 'No key is set. The collector needs the reviewer key your lead issued you (or the lead key).'
                : 'No key is set. The server needs the key it issued (loupe serve prints one).'}
      </p>
      <div className="row">
        <input
          type="password"
          autoComplete="off"
          aria-label="New API key"
          placeholder="Paste a key or personal access token"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => event.key === 'Enter' && draft && void save()}
        />
        <button type="button" disabled={!draft} onClick={() => void save()}>
          Save key
        </button>
        <button
          type="button"
          disabled={!status?.isSet}
          onClick={() => void loupe.invoke('vault.clear', {}).then((result) => setStatus(report(result)))}
        >
          Clear key
        </button>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={settings.acceptPlainKeyStorage}
          onChange={(event) => void update({ acceptPlainKeyStorage: event.target.checked })}
        />
        <span>
          Allow storing the key unencrypted when this computer has no keyring (Linux without GNOME Keyring or
          KWallet). Anyone who can read your files could then read the key.
        </span>
      </label>
    </fieldset>
  );
}
