import { z } from 'zod';
import { describeIssues } from '../../../shared/result.ts';

/**
 * What can go wrong on purpose, each with the share of requests it hits (docs/clarifai-v2.md §6 lists
 * what a client must survive). Before the request is handled — nothing is stored:
 * - `serverError`: 500 / 503 with a retryable Clarifai code;
 * - `throttle`: 429 with `Retry-After` (seconds or an HTTP date) and 11005;
 * - `throttleInBody`: 200 whose body says 11005;
 * - `reset`: the connection is reset, no answer;
 * - `hang`: no answer at all, the connection stays open;
 * - `html`: a proxy's 502 HTML page.
 * After it is handled — the request took effect, only its answer is damaged:
 * - `truncate`: the body stops half-way (Content-Length promised more) and the connection closes;
 * - `invalidJson`: the body is not JSON;
 * - `drip`: the answer arrives slowly, a few bytes every `dripIntervalMs`.
 */
export const faultKinds = [
  'serverError',
  'throttle',
  'throttleInBody',
  'reset',
  'hang',
  'html',
  'truncate',
  'invalidJson',
  'drip',
] as const;
export type FaultKind = (typeof faultKinds)[number];

const share = z.number().min(0).max(1);

export const faultConfigSchema = z
  .strictObject({
    /** Same seed + same request sequence → same faults. Without one, a random seed is drawn. */
    seed: z.number().int().min(0).max(0xffffffff).optional(),
    /** Added before every Clarifai endpoint answers, plus up to `latencyJitterMs` more. */
    latencyMs: z.number().int().min(0).max(120_000).default(0),
    latencyJitterMs: z.number().int().min(0).max(120_000).default(0),
    retryAfter: z.enum(['seconds', 'date']).default('seconds'),
    retryAfterSeconds: z.number().int().min(0).max(86_400).default(1),
    dripIntervalMs: z.number().int().min(1).max(10_000).default(50),
    serverError: share.default(0),
    throttle: share.default(0),
    throttleInBody: share.default(0),
    reset: share.default(0),
    hang: share.default(0),
    html: share.default(0),
    truncate: share.default(0),
    invalidJson: share.default(0),
    drip: share.default(0),
  })
  .refine((config) => faultKinds.reduce((sum, kind) => sum + config[kind], 0) <= 1 + 1e-9, {
    message: 'the shares of all faults together must not exceed 1',
  });
export type FaultConfig = z.output<typeof faultConfigSchema>;
export type FaultConfigInput = z.input<typeof faultConfigSchema>;

export const noFaults: FaultConfig = faultConfigSchema.parse({});

const camelCase = (name: string) => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/**
 * The `--faults` flag: comma-separated `name=value` pairs in kebab or camel case, e.g.
 * `throttle=0.2,reset=0.05,latency-ms=100,retry-after=date,seed=7`.
 */
export function parseFaultSpec(spec: string): FaultConfig {
  const fields: Record<string, string | number> = {};
  for (const part of spec
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const [name, value, ...rest] = part.split('=');
    if (!name || value === undefined || rest.length > 0) {
      throw new RangeError(`fault setting "${part}" must have the form name=value`);
    }
    const key = camelCase(name.trim());
    fields[key] = key === 'retryAfter' ? value.trim() : Number(value);
  }
  const parsed = faultConfigSchema.safeParse(fields);
  if (!parsed.success) throw new RangeError(`bad fault settings: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
