import type { ShortcutAction, ShortcutScope } from '../shortcuts/shortcutActions.ts';
import { actionGroups, type ActionGroup } from '../shortcuts/shortcutActions.ts';

const where: Record<ShortcutScope, string> = {
  global: 'everywhere',
  canvas: 'canvas',
  list: 'list',
  dialog: 'submit step',
  triage: 'triage grid',
};

/**
 * The key table of docs/review.md, made from the action records (a unit test keeps the docs equal
 * to it): one table per task, one row per action, or per `docs` text that several actions share
 * (the arrow keys, the label keys), with the default keys.
 */
export function actionKeyTable(actions: readonly Omit<ShortcutAction<never>, 'perform'>[]): string {
  const sections: string[] = [];
  for (const group of Object.keys(actionGroups) as ActionGroup[]) {
    const rows = new Map<string, { keys: string[]; scope: ShortcutScope }>();
    for (const action of actions.filter((candidate) => candidate.group === group)) {
      const raw = action.docs ?? action.label;
      const text = raw.charAt(0).toUpperCase() + raw.slice(1);
      const row = rows.get(text) ?? { keys: [], scope: action.scope };
      row.keys.push(`\`${action.keys}\``);
      rows.set(text, row);
    }
    if (rows.size === 0) continue;
    sections.push(
      [
        `**${actionGroups[group]}**`,
        '',
        '| keys | does | where |',
        '| --- | --- | --- |',
        ...[...rows].map(([text, row]) => `| ${row.keys.join(' / ')} | ${text} | ${where[row.scope]} |`),
      ].join('\n'),
    );
  }
  return sections.join('\n\n');
}
