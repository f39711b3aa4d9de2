import { useEffect, useState } from 'react';
import { useImageListStore } from './imageListStore.ts';
import { formatDuration, sessionPace, useSessionProgress } from './sessionProgress.ts';

/** The workspace's progress as a bar, and this session's pace: images per hour, time left at it. */
export function SessionProgress() {
  const progress = useImageListStore((state) => state.progress);
  const session = useSessionProgress();
  // The pace moves with the clock: read it again each minute.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => setNow(Date.now()), [session.done]);
  if (!progress || progress.total === 0) return null;
  const remaining = Math.max(0, progress.total - progress.reviewed);
  const pace = sessionPace(session, now, remaining);
  return (
    <div className="session-progress" data-testid="session-progress">
      <progress
        value={progress.reviewed}
        max={progress.total}
        aria-label={`Reviewed ${progress.reviewed} of ${progress.total}`}
      />
      <p className="muted" data-testid="session-pace">
        {session.done.toLocaleString()} done this session
        {pace
          ? ` · ${Math.round(pace.perHour).toLocaleString()}/h · ${remaining === 0 ? 'all done' : `about ${formatDuration(pace.leftMs)} left`}`
          : ''}
      </p>
    </div>
  );
}
