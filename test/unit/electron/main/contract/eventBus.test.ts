import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../../../electron/main/contract/eventBus.ts';
import { defaultSettings } from '../../../../../shared/settings.ts';

describe('EventBus', () => {
  it('delivers validated payloads to every subscriber until it unsubscribes', () => {
    const bus = new EventBus();
    const first: unknown[] = [];
    const second: unknown[] = [];
    const stop = bus.subscribe((_name, payload) => first.push(payload));
    bus.subscribe((_name, payload) => second.push(payload));
    bus.emit('settings.changed', { ...defaultSettings, extra: 'dropped' } as never);
    stop();
    bus.emit('settings.changed', defaultSettings);
    expect(first).toEqual([defaultSettings]);
    expect(second).toEqual([defaultSettings, defaultSettings]);
  });

  it('refuses to emit a payload outside the contract', () => {
    const bus = new EventBus();
    expect(() => bus.emit('settings.changed', { ...defaultSettings, concurrency: 0 })).toThrow();
  });
});
