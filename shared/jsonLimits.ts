import { z } from 'zod';

/**
 * Bounds for JSON that Loupe accepts from outside (a request body, a free-form field such as
 * `metadata` or `annotation_info`, a file). JSON.parse copes with any depth, but everything after
 * it that recurses — zod, JSON.stringify, structuredClone, SQLite JSON functions — overflows the
 * stack somewhere past a few thousand levels, and a huge object multiplies memory on every copy.
 * So depth, node count and string sizes are checked once, iteratively, where the value enters.
 */
export interface JsonLimits {
  /** Nesting of arrays/objects; the value itself is depth 0. */
  readonly maxDepth: number;
  /** Arrays, objects and scalars together. */
  readonly maxNodes: number;
  /** UTF-16 code units of any one string or object key. */
  readonly maxStringLength: number;
}

/** Free-form fields (metadata, annotation_info, feedback_info): generous for real use, far from a stack. */
export const freeFormJsonLimits: JsonLimits = { maxDepth: 32, maxNodes: 10_000, maxStringLength: 65_536 };

/** What is wrong with a value, by its path (`a.b[3]`), or undefined when it is within the limits. */
export function jsonLimitProblem(value: unknown, limits: JsonLimits): string | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  let nodes = 0;
  while (stack.length > 0) {
    const item = stack.pop()!;
    nodes += 1;
    if (nodes > limits.maxNodes) return `has more than ${limits.maxNodes} values`;
    const where = item.path === '' ? 'the value' : item.path;
    if (typeof item.value === 'string') {
      const problem = stringProblem(item.value, limits);
      if (problem) return `${where} ${problem}`;
      continue;
    }
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth >= limits.maxDepth) return `${where} is nested deeper than ${limits.maxDepth} levels`;
    if (Array.isArray(item.value)) {
      item.value.forEach((child: unknown, index) =>
        stack.push({ value: child, depth: item.depth + 1, path: `${item.path}[${index}]` }),
      );
      continue;
    }
    for (const [key, child] of Object.entries(item.value)) {
      const keyProblem = stringProblem(key, limits);
      const path = shortPath(item.path === '' ? key : `${item.path}.${key}`);
      if (keyProblem) return `a key of ${where} ${keyProblem}`;
      stack.push({ value: child, depth: item.depth + 1, path });
    }
  }
  return undefined;
}

/**
 * Paths name keys the sender chose: keep them short so an error never carries much of the body.
 * The head is kept: it names the field of the schema (`inputs[0].data.metadata`).
 */
function shortPath(path: string): string {
  return path.length <= 120 ? path : `${path.slice(0, 119)}…`;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function stringProblem(text: string, limits: JsonLimits): string | undefined {
  if (text.length > limits.maxStringLength) return `is longer than ${limits.maxStringLength} characters`;
  // A lone surrogate cannot be stored or sent as UTF-8: it would come back as U+FFFD, changed.
  if (loneSurrogate.test(text)) return 'contains a lone UTF-16 surrogate (not valid Unicode)';
  return undefined;
}

/** A free-form JSON object field (metadata, annotation_info), bounded by `limits`. */
export function boundedJsonObject(limits: JsonLimits = freeFormJsonLimits) {
  return z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    const problem = jsonLimitProblem(value, limits);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/**
 * A whole contract request (either transport): far above any real payload (thousands of paths,
 * a 2,000-region edit), far below a stack; checked by the dispatcher before the schema runs.
 */
export const contractJsonLimits: JsonLimits = {
  maxDepth: 64,
  maxNodes: 1_000_000,
  maxStringLength: 1_048_576,
};

/** A JSON file Loupe imports (COCO, a saved predict response, whose base64 images are long strings). */
export const importFileJsonLimits: JsonLimits = {
  maxDepth: 64,
  maxNodes: 20_000_000,
  maxStringLength: 64 * 1024 * 1024,
};
