import { useAppStore } from '../state/appStore.ts';

/** Says plainly when the main side cannot be reached, and what to do about it. */
export function ConnectionBanner() {
  const connection = useAppStore((state) => state.connection);
  if (connection === 'refused') {
    return (
      <div className="banner banner-error" role="alert">
        This window’s session has ended (Loupe was restarted with a new token). Open the address that Loupe
        printed when it started.
      </div>
    );
  }
  if (connection === 'closed') {
    return (
      <div className="banner banner-warning" role="status">
        Lost contact with Loupe’s main side; reconnecting…
      </div>
    );
  }
  return null;
}
