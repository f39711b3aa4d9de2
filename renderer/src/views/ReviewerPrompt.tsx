import { useState } from 'react';
import { useAppStore } from '../state/appStore.ts';
import { recall, remember } from '../state/windowMemory.ts';

/**
 * At first run (no reviewer name in settings) asks who reviews: the name goes with every
 * correction (`end_user_id`) and the QA report groups by it, instead of "(unknown)". Not a modal:
 * the review keys keep working, and "Later" puts it away for this window.
 */
export function ReviewerPrompt() {
  const settings = useAppStore((state) => state.settings);
  const update = useAppStore((state) => state.updateSettings);
  const [later, setLater] = useState(() => recall('reviewerPromptLater') === 'yes');
  const [name, setName] = useState('');
  if (later || !settings || settings.reviewerId !== '') return null;
  const save = () => {
    const trimmed = name.trim();
    if (trimmed) void update({ reviewerId: trimmed });
  };
  return (
    <form
      className="banner banner-info reviewer-prompt"
      aria-label="Who is reviewing"
      data-testid="reviewer-prompt"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <label>
        <span>Who is reviewing? Your name goes with every correction and into the QA report:</span>{' '}
        <input
          type="text"
          value={name}
          maxLength={200}
          placeholder="Your name"
          onChange={(event) => setName(event.target.value)}
        />
      </label>{' '}
      <button type="submit" disabled={!name.trim()}>
        Save name
      </button>{' '}
      <button
        type="button"
        onClick={() => {
          setLater(true);
          remember('reviewerPromptLater', 'yes');
        }}
      >
        Later
      </button>
    </form>
  );
}
