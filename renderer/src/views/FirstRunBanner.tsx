import { useState } from 'react';
import { useAppStore } from '../state/appStore.ts';
import { recall, remember } from '../state/windowMemory.ts';

/** Says where feedback goes while the embedded local API is selected, and how to change that. */
export function FirstRunBanner() {
  const settings = useAppStore((state) => state.settings);
  const info = useAppStore((state) => state.info);
  const setView = useAppStore((state) => state.setView);
  const [dismissed, setDismissed] = useState(() => recall('firstRunBannerDismissed') === 'yes');
  if (dismissed || !info || settings?.endpoint.kind !== 'local') return null;
  return (
    <div className="banner banner-info" role="note" data-testid="first-run-banner">
      <span>
        {settings.delivery === 'platform'
          ? `Reviews go as annotations to the app ${settings.platform.userId}/${settings.platform.appId} of the embedded local API on this computer`
          : 'Reviews go as v2 feedback to the embedded local API on this computer'}{' '}
        (kept in {info.dataDir}), not to Clarifai. To switch between v2 feedback and Clarifai platform
        annotations, or send them to a real endpoint, open{' '}
        <button type="button" className="link" onClick={() => setView('settings')}>
          Settings
        </button>
        .
      </span>
      <button
        type="button"
        onClick={() => {
          setDismissed(true);
          remember('firstRunBannerDismissed', 'yes');
        }}
        aria-label="Dismiss"
      >
        ×
      </button>
    </div>
  );
}
