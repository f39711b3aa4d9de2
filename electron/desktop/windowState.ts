import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

/** The smallest window the layout works in; the window cannot be made smaller (main.ts). */
export const minWindowSize = { width: 400, height: 300 };

const boundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(minWindowSize.width).max(20_000),
  height: z.number().int().min(minWindowSize.height).max(20_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof boundsSchema>;

export const defaultWindowSize = { width: 1400, height: 900 };

/** The window's last size and position, or undefined when none was saved or the file is damaged. */
export function loadWindowState(file: string): WindowState | undefined {
  try {
    const parsed = boundsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Saved atomically, so a crash mid-write leaves the previous state. Runs as the window closes, so
 * it never throws: bounds it cannot keep, or a file it cannot write, leave the last saved state.
 */
export function saveWindowState(file: string, state: WindowState): boolean {
  const parsed = boundsSchema.safeParse(state);
  if (!parsed.success) return false;
  const temporary = `${file}.tmp`;
  try {
    writeFileSync(temporary, JSON.stringify(parsed.data));
    renameSync(temporary, file);
    return true;
  } catch {
    return false;
  }
}
