import type { z } from 'zod';
import { describeIssues } from '../../../shared/result.ts';
import { jsonLimitProblem, type JsonLimits } from '../../../shared/jsonLimits.ts';
import { describeJsonSyntaxError } from '../../../shared/jsonText.ts';
import { rejection } from './apiError.ts';
import { maxRequestBodyBytes } from './requestBody.ts';

/**
 * A whole request body: deep enough for every wire schema with a free-form field at its own limit
 * (inputs[].data.metadata is 4 levels down, then 32 of its own), strings as long as a body may be
 * (a base64 image), and values enough for 128 inputs with full metadata.
 */
export const requestBodyJsonLimits: JsonLimits = {
  maxDepth: 64,
  maxNodes: 2_000_000,
  maxStringLength: maxRequestBodyBytes,
};

/** A request body → JSON, or 400 / 11100 (the code Clarifai gives broken JSON) saying where it broke. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw rejection.badJson('the request body is empty; send a JSON object');
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    // V8's own message quotes the body; say where it broke instead (shared/jsonText.ts).
    throw rejection.badJson(`the request body is not valid JSON: ${describeJsonSyntaxError(text)}`);
  }
  // Before anything recursive (zod, stringify, SQLite) touches it; names the offending field.
  const problem = jsonLimitProblem(json, requestBodyJsonLimits);
  if (problem) throw rejection.invalidRequest(`the request body: ${problem}`);
  return json;
}

/** Validates against a wire schema: 400 / 11102 naming every offending field by its path. */
export function validateBody<S extends z.ZodType>(schema: S, json: unknown): z.output<S> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw rejection.invalidRequest(describeBodyIssues(parsed.error, json));
  return parsed.data;
}

/**
 * Tries the strict schema, then the lenient one that real legacy clients need (docs/clarifai-v2.md
 * §7.5). When both refuse, the lenient schema's complaints are the ones that matter.
 */
export function validateLenient<S extends z.ZodType, L extends z.ZodType>(
  strict: S,
  lenient: L,
  json: unknown,
): { body: z.output<S> | z.output<L>; legacy: boolean } {
  const parsed = strict.safeParse(json);
  if (parsed.success) return { body: parsed.data, legacy: false };
  return { body: validateBody(lenient, json), legacy: true };
}

/** zod's one-line issues, with the offending value for a wrong enum or literal (the field is named already). */
function describeBodyIssues(error: z.ZodError, json: unknown): string {
  const details = describeIssues(error);
  const wrongValues = error.issues
    .filter((issue) => issue.code === 'invalid_value')
    .map((issue) => `${issue.path.map(String).join('.')} was ${JSON.stringify(valueAt(json, issue.path))}`);
  return wrongValues.length > 0 ? `${details} (${wrongValues.join('; ')})` : details;
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let current = json;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
