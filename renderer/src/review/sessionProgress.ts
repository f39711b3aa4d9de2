import { create } from 'zustand';
import { recall, remember } from '../state/windowMemory.ts';

/**
 * This window's review session (issue 20, missing 10): when it started and how many images were
 * done in it, kept across the window's reloads like the threshold. A new window is a new session.
 */
interface Session {
  startedAt: number;
  done: number;
}

export const useSessionProgress = create<Session>(() => rememberedSession());

export function countDone(): void {
  useSessionProgress.setState((session) => ({ done: session.done + 1 }));
  remember('session', JSON.stringify(useSessionProgress.getState()));
}

/**
 * The session's pace: images done per hour since it started, and the time the images left take
 * at that pace. Neither is said before the first image is done (a rate of one guess is noise).
 */
export function sessionPace(
  session: Session,
  now: number,
  remaining: number,
): { perHour: number; leftMs: number } | undefined {
  const hours = (now - session.startedAt) / 3_600_000;
  if (session.done === 0 || hours <= 0) return undefined;
  const perHour = session.done / hours;
  return { perHour, leftMs: (remaining / perHour) * 3_600_000 };
}

/** "45 min", "2 h 10 min", "under a minute". */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

function rememberedSession(): Session {
  try {
    const value = JSON.parse(recall('session') ?? 'null') as Partial<Session> | null;
    if (value && typeof value.startedAt === 'number' && typeof value.done === 'number')
      return { startedAt: value.startedAt, done: value.done };
  } catch {
    // Damaged: a new session.
  }
  const session = { startedAt: Date.now(), done: 0 };
  remember('session', JSON.stringify(session));
  return session;
}
