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

describe('EventBus cursor', () => {
  it('numbers events from 1 in a stream of its own, and reports the last one emitted', () => {
    const bus = new EventBus();
    const seen: number[] = [];
    expect(bus.cursor.seq).toBe(0);
    bus.subscribe((_name, _payload, seq) => seen.push(seq));
    bus.emit('settings.changed', defaultSettings);
    bus.emit('settings.changed', defaultSettings);
    expect(seen).toEqual([1, 2]);
    expect(bus.cursor.seq).toBe(2);
    expect(new EventBus().cursor.stream).not.toBe(bus.cursor.stream);
  });
});
