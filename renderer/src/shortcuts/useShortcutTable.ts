import { useMemo } from 'react';
import { useAppStore } from '../state/appStore.ts';
import { resolveShortcuts, type ShortcutTable } from './shortcutRegistry.ts';

const noOverrides: Readonly<Record<string, string>> = {};

/** The effective shortcuts: defaults plus the remaps saved in settings (which every window hears). */
export function useShortcutTable(): { table: ShortcutTable; overrides: Readonly<Record<string, string>> } {
  const overrides = useAppStore((state) => state.settings?.shortcuts) ?? noOverrides;
  const table = useMemo(() => resolveShortcuts(overrides), [overrides]);
  return { table, overrides };
}
