import { useAppStore } from '../state/appStore.ts';

export function ErrorBanner() {
  const error = useAppStore((state) => state.error);
  const dismiss = useAppStore((state) => state.dismissError);
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner">
      <span>{error.message}</span>
      <button type="button" onClick={dismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
