import { cliApp, commonUsage, exitCodes, parse, progressLine, report } from './cliOptions.ts';

export const syncUsage = `loupe sync [--once]

Delivers the outbox in the foreground with progress, retrying with backoff until every item is
delivered. Stops with exit code 4 when the endpoint refuses the key (its code and description
are shown; nothing is marked delivered), 3 when some items failed permanently.

  --once            one pass: do not wait for retries that are not due yet

${commonUsage}`;

export async function syncCommand(args: readonly string[]): Promise<number> {
  const { values } = parse(args, { once: { type: 'boolean', default: false } });
  const app = cliApp(values);
  const { services } = app;
  try {
    const session = services.session();
    const total = session.sync.status().pending;
    const unsubscribe = services.bus.subscribe((name, payload) => {
      if (name === 'sync.status') {
        const status = payload as { delivered: number; pending: number };
        progressLine('Delivered', total - status.pending, total);
      }
    });
    const status = await session.sync.drain({ once: values.once });
    unsubscribe();
    const error = status.lastError;
    const lines = [
      `Sync ${status.state}: ${status.delivered} delivered, ${status.pending} pending, ${status.failed} failed.`,
      ...(error ? [`Last error: ${error.description}`] : []),
    ];
    report(values.json, status, lines.join('\n'));
    if (status.state === 'blocked') return exitCodes.blocked;
    return status.failed > 0 || status.pending > 0 ? exitCodes.partial : exitCodes.ok;
  } finally {
    await app.close();
  }
}
