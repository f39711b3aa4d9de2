import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../../../electron/main/contract/dispatcher.ts';
import { LoupeError } from '../../../../../shared/LoupeError.ts';
import { defaultSettings } from '../../../../../shared/settings.ts';

function handlers(overrides: Partial<Handlers> = {}): Partial<Handlers> {
  return {
    'app.info': () => ({
      name: 'Loupe',
      version: '1.0.0',
      transport: 'bridge',
      dataDir: '/data',
      sessionId: 's-1',
    }),
    'settings.get': () => defaultSettings,
    'settings.set': (patch) => ({ ...defaultSettings, ...patch }),
    ...overrides,
  };
}

describe('dispatcher', () => {
  it('answers a valid command with ok and the value', async () => {
    const dispatch = createDispatcher(handlers());
    expect(await dispatch('settings.set', { reviewerId: 'ana' })).toEqual({
      ok: true,
      value: { ...defaultSettings, reviewerId: 'ana' },
    });
  });

  it('refuses an invalid payload with invalid_input naming the field', async () => {
    const dispatch = createDispatcher(handlers());
    const result = await dispatch('settings.set', { concurrency: 'many' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toContain('concurrency');
  });

  it('refuses an unknown field rather than ignoring it', async () => {
    const dispatch = createDispatcher(handlers());
    const result = await dispatch('settings.set', { apiKey: 'secret' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(result)).toContain('apiKey');
    expect(JSON.stringify(result)).not.toContain('secret');
  });

  it('refuses unknown commands, including prototype names', async () => {
    const dispatch = createDispatcher(handlers());
    for (const name of ['vault.getKey', 'constructor', '__proto__', 42, undefined]) {
      expect(await dispatch(name, {})).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    }
  });

  it('strips output fields the contract does not declare', async () => {
    const dispatch = createDispatcher(
      handlers({
        'app.info': () =>
          ({
            name: 'Loupe',
            version: '1.0.0',
            transport: 'bridge',
            dataDir: '/data',
            sessionId: 's-1',
            apiKey: 'must-not-leak',
          }) as never,
      }),
    );
    const result = await dispatch('app.info', {});
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result)).not.toContain('must-not-leak');
  });

  it('turns output that breaks the contract into an internal error', async () => {
    const logged: string[] = [];
    const dispatch = createDispatcher(
      handlers({ 'settings.get': () => ({ ...defaultSettings, concurrency: -1 }) }),
      (line) => logged.push(line),
    );
    expect(await dispatch('settings.get', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(logged.join()).toContain('concurrency');
  });

  it('passes a LoupeError through and hides an unexpected one', async () => {
    const expected = createDispatcher(
      handlers({
        'settings.get': () => {
          throw new LoupeError('storage', 'Cannot open the settings file /x');
        },
      }),
    );
    expect(await expected('settings.get', {})).toEqual({
      ok: false,
      error: { code: 'storage', message: 'Cannot open the settings file /x' },
    });
    const unexpected = createDispatcher(
      handlers({
        'settings.get': () => {
          throw new TypeError('boom at /secret/path');
        },
      }),
      () => {},
    );
    const result = await unexpected('settings.get', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('/secret/path');
  });
});
