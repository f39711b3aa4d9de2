import type { Report, Row, Target } from './results.ts';
import type { Summary } from './stats.ts';

function figure(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** median (min–max), n: the spread is part of every figure on a noisy machine. */
function spread(summary: Summary, suffix = ''): string {
  if (summary.n === 1) return `${figure(summary.median)}${suffix}`;
  return `${figure(summary.median)}${suffix} (${figure(summary.min)}–${figure(summary.max)}, n=${summary.n})`;
}

function targetText(target: Target | undefined, unit: string): string {
  if (!target) return '—';
  const suffix = target.on === 'ratio' ? '×' : ` ${unit}`;
  const parts = [];
  if (target.atLeast !== undefined) parts.push(`≥ ${figure(target.atLeast)}${suffix}`);
  if (target.atMost !== undefined) parts.push(`≤ ${figure(target.atMost)}${suffix}`);
  return parts.join(', ');
}

const escape = (text: string) => text.replace(/\|/g, '\\|');

function tableRow(row: Row): string {
  const met = row.met === undefined ? '—' : row.met ? 'yes' : '**no**';
  return `| ${escape(row.case)} | ${escape(row.metric)} | ${spread(row.loupe, ` ${row.unit}`)} | ${
    row.reference ? `${spread(row.reference.value, ` ${row.unit}`)} — ${escape(row.reference.name)}` : '—'
  } | ${row.ratio ? `${spread(row.ratio, '×')}${row.peer ? ' (peer ÷ Loupe)' : ''}` : '—'} | ${targetText(row.target, row.unit)} | ${met} |`;
}

const header = [
  '| Case | Metric | Loupe | Reference (same run) | Ratio | Target | Met |',
  '| --- | --- | --- | --- | --- | --- | --- |',
];

function machineLine(report: Report): string {
  const { machine } = report;
  return `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, ${machine.chromium}`;
}

/** The rows with a target, one line each: what the README quotes. */
function targetsTable(report: Report): string[] {
  const lines = [
    '| Benchmark | Case | Metric | Loupe ÷ reference (or value) | Target | Met |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const result of Object.values(report.benchmarks)) {
    for (const row of result.rows) {
      if (!row.target) continue;
      const value =
        row.target.on === 'ratio' && row.ratio ? spread(row.ratio, '×') : spread(row.loupe, ` ${row.unit}`);
      lines.push(
        `| ${result.name} | ${escape(row.case)} | ${escape(row.metric)} | ${value} | ${targetText(row.target, row.unit)} | ${row.met ? 'yes' : '**no**'} |`,
      );
    }
  }
  return lines;
}

/** latest.md: the targets, then every benchmark's table, its references, and what the figures showed. */
export function renderMarkdown(report: Report): string {
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${report.date} — ${machineLine(report)}.`,
    'Every figure is the median of repeated runs with its range; ratios are Loupe ÷ a reference measured in the same run, pair by pair.',
    '',
    '## Targets',
    '',
    ...targetsTable(report),
    '',
  ];
  for (const result of Object.values(report.benchmarks)) {
    const load = `load average ${result.load.before.toFixed(1)} before, ${result.load.after.toFixed(1)} after`;
    lines.push(
      `## ${result.title}`,
      '',
      `Ran ${result.startedAt}, ${(result.durationMs / 1000).toFixed(0)} s (${load}). ${result.references}`,
      '',
      ...header,
    );
    lines.push(...result.rows.map(tableRow), '');
    if (result.findings.length > 0) lines.push(...result.findings.map((finding) => `- ${finding}`), '');
    const notes = result.rows.filter((row) => row.note);
    if (notes.length > 0)
      lines.push(...notes.map((row) => `- *${row.case}, ${row.metric}*: ${row.note}`), '');
  }
  return lines.join('\n');
}
