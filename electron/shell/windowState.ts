import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const boundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
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

/** Saved atomically, so a crash mid-write leaves the previous state. */
export function saveWindowState(file: string, state: WindowState): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, JSON.stringify(boundsSchema.parse(state)));
  renameSync(temporary, file);
}
