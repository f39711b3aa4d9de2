import { useAppStore } from '../state/appStore.ts';

/** A status line under the top bar for what happened off-screen (files dropped and imported). */
export function AppNotice() {
  const notice = useAppStore((state) => state.notice);
  if (!notice) return null;
  return (
    <div className="banner banner-info" role="status" data-testid="app-notice">
      <span>{notice}</span>
    </div>
  );
}
