import type { Settings } from '../../../shared/settings.ts';
import { useAppStore } from '../state/appStore.ts';
import { DeliverySettings } from './settings/DeliverySettings.tsx';
import { EndpointSettings } from './settings/EndpointSettings.tsx';
import { NumberSetting, TextSetting } from './settings/fields.tsx';
import { KeySettings } from './settings/KeySettings.tsx';
import { ModelSettings } from './settings/ModelSettings.tsx';

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
          <dd data-testid="session-id" title="Sent with feedback as session_id; new each time Loupe starts">
            {info.sessionId}
          </dd>
        </dl>
      )}
      {settings ? (
        <div className="form">
          <EndpointSettings settings={settings} />
          <KeySettings settings={settings} />
          <DeliverySettings settings={settings} />
          {/* The platform profile names its own model; v2 predictions use this one. */}
          {settings.delivery === 'v2_feedback' && <ModelSettings settings={settings} />}
          <ReviewAndSyncSettings settings={settings} />
        </div>
      ) : (
        <p className="muted">Settings are not available.</p>
      )}
    </section>
  );
}

function ReviewAndSyncSettings({ settings }: { settings: Settings }) {
  const update = useAppStore((state) => state.updateSettings);
  return (
    <fieldset className="fieldset">
      <legend>Review and sync</legend>
      <TextSetting
        label="Reviewer name"
        hint="Sent with every feedback as end_user_id; the QA report groups by it."
        value={settings.reviewerId}
        onCommit={(reviewerId) => update({ reviewerId })}
      />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={settings.autoAdvance}
          onChange={(event) => void update({ autoAdvance: event.target.checked })}
        />
        <span>After Done, open the next image to review</span>
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={settings.nudgeInImagePixels}
          onChange={(event) => void update({ nudgeInImagePixels: event.target.checked })}
        />
        <span>Nudge in image pixels (arrow keys move 1 / 10 image pixels, not screen pixels)</span>
      </label>
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
    </fieldset>
  );
}
