import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { faultConfigSchema, parseFaultSpec } from '../../../../../electron/localApi/server/faultConfig.ts';
import { FaultInjector } from '../../../../../electron/localApi/server/faultInjector.ts';

const kinds = (injector: FaultInjector, count: number) =>
  Array.from({ length: count }, () => injector.decide().kind);

describe('fault injector', () => {
  const mix = faultConfigSchema.parse({
    seed: 11,
    throttle: 0.3,
    reset: 0.2,
    hang: 0.1,
    latencyMs: 5,
    latencyJitterMs: 10,
  });

  it('the same seed gives the same sequence of decisions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const config = { ...mix, seed };
        expect(new FaultInjector(config).history).toEqual([]);
        const a = new FaultInjector(config);
        const b = new FaultInjector(config);
        expect(Array.from({ length: 50 }, () => a.decide())).toEqual(
          Array.from({ length: 50 }, () => b.decide()),
        );
      }),
      { numRuns: 50 },
    );
  });

  it('configuring again starts the sequence over', () => {
    const injector = new FaultInjector(mix);
    const first = kinds(injector, 40);
    injector.configure(mix);
    expect(kinds(injector, 40)).toEqual(first);
  });

  it('hits each fault about as often as its share, latency within its jitter', () => {
    const injector = new FaultInjector(mix);
    const decisions = Array.from({ length: 4000 }, () => injector.decide());
    const share = (kind: string) =>
      decisions.filter((decision) => decision.kind === kind).length / decisions.length;
    expect(share('throttle')).toBeCloseTo(0.3, 1);
    expect(share('reset')).toBeCloseTo(0.2, 1);
    expect(share('hang')).toBeCloseTo(0.1, 1);
    expect(share('none')).toBeCloseTo(0.4, 1);
    expect(decisions.every((decision) => decision.latencyMs >= 5 && decision.latencyMs <= 15)).toBe(true);
  });

  it('draws a seed when none is given, and reports it so the run can be repeated', () => {
    const injector = new FaultInjector(faultConfigSchema.parse({ reset: 0.5 }));
    const repeat = new FaultInjector(faultConfigSchema.parse({ reset: 0.5, seed: injector.config.seed }));
    expect(kinds(injector, 30)).toEqual(kinds(repeat, 30));
  });

  it('is inactive without faults or latency', () => {
    expect(new FaultInjector().active).toBe(false);
    expect(new FaultInjector(faultConfigSchema.parse({ latencyMs: 1 })).active).toBe(true);
  });
});

describe('--faults spec', () => {
  it('reads kebab- or camel-case pairs', () => {
    expect(
      parseFaultSpec('throttle=0.2, server-error=0.1,latencyMs=100,retry-after=date,seed=7'),
    ).toMatchObject({
      throttle: 0.2,
      serverError: 0.1,
      latencyMs: 100,
      retryAfter: 'date',
      seed: 7,
      reset: 0,
    });
  });

  it.each([
    ['throttle', /name=value/],
    ['throttle=lots', /throttle/],
    ['nonsense=1', /nonsense/],
    ['reset=0.7,hang=0.7', /must not exceed 1/],
    ['retry-after=tomorrow', /retryAfter/],
  ])('refuses %s', (spec, message) => {
    expect(() => parseFaultSpec(spec)).toThrow(message);
  });
});
