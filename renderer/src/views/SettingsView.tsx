import { useEffect, useState } from 'react';
import type { Settings } from '../../../shared/settings.ts';
import { useAppStore } from '../state/appStore.ts';

export function SettingsView() {
  const info = useAppStore((state) => state.info);
  const settings = useAppStore((state) => state.settings);

  return (
    <section className="settings" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      {info && (
        <dl className="info" data-testid="app-info">
          <dt>Version</dt>
          <dd>{info.version}</dd>
          <dt>Running through</dt>
          <dd data-testid="transport">{info.transport === 'electron' ? 'Electron' : 'loopback bridge'}</dd>
          <dt>Data folder</dt>
          <dd data-testid="data-dir">{info.dataDir}</dd>
          <dt>Review session</dt>
          <dd data-testid="session-id">{info.sessionId}</dd>
        </dl>
      )}
      {settings ? <SettingsForm settings={settings} /> : <p className="muted">Settings are not available.</p>}
    </section>
  );
}

function SettingsForm({ settings }: { settings: Settings }) {
  const update = useAppStore((state) => state.updateSettings);
  return (
    <form className="form" onSubmit={(event) => event.preventDefault()}>
      <TextSetting
        label="Reviewer id"
        hint="Sent with every feedback as end_user_id."
        value={settings.reviewerId}
        onCommit={(reviewerId) => update({ reviewerId })}
      />
      <label>
        <span>Concept value encoding</span>
        <select
          value={settings.conceptValueEncoding}
          onChange={(event) =>
            void update({ conceptValueEncoding: event.target.value as Settings['conceptValueEncoding'] })
          }
        >
          <option value="boolean">true / false (as the docs send)</option>
          <option value="number">1 / 0</option>
        </select>
      </label>
      <NumberSetting
        label="Rate limit (requests per second)"
        value={settings.rateLimitPerSecond}
        onCommit={(rateLimitPerSecond) => update({ rateLimitPerSecond })}
      />
      <NumberSetting
        label="Concurrent requests"
        value={settings.concurrency}
        onCommit={(concurrency) => update({ concurrency })}
      />
      <label>
        <span>Theme</span>
        <select
          value={settings.theme}
          onChange={(event) => void update({ theme: event.target.value as Settings['theme'] })}
        >
          <option value="system">Follow the system</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
    </form>
  );
}

/** A text field that saves on Enter or when it loses focus, and follows outside changes. */
function TextSetting(props: {
  label: string;
  hint?: string;
  value: string;
  onCommit: (value: string) => Promise<boolean>;
}) {
  const [draft, setDraft] = useState(props.value);
  useEffect(() => setDraft(props.value), [props.value]);
  const commit = () => {
    if (draft !== props.value) void props.onCommit(draft);
  };
  return (
    <label>
      <span>{props.label}</span>
      <input
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => event.key === 'Enter' && commit()}
      />
      {props.hint && <small className="muted">{props.hint}</small>}
    </label>
  );
}

function NumberSetting(props: {
  label: string;
  value: number;
  onCommit: (value: number) => Promise<boolean>;
}) {
  const [draft, setDraft] = useState(String(props.value));
  useEffect(() => setDraft(String(props.value)), [props.value]);
  const commit = () => {
    const value = Number(draft);
    if (draft.trim() === '' || !Number.isFinite(value)) setDraft(String(props.value));
    else if (value !== props.value)
      void props.onCommit(value).then((saved) => saved || setDraft(String(props.value)));
  };
  return (
    <label>
      <span>{props.label}</span>
      <input
        inputMode="decimal"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => event.key === 'Enter' && commit()}
      />
    </label>
  );
}
