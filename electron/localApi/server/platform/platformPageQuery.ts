import { rejection } from '../apiError.ts';
import type { ApiRequest } from '../localApiContext.ts';
import type { Page } from '../pageQuery.ts';

/** The platform's page size when none is asked for (service.proto: "Defaults to 128"). */
export const platformDefaultPerPage = 128;

/** `?page=&per_page=`: whole numbers, page ≥ 1, per_page 1–1000, default 1 and 128. */
export function platformPageQuery(request: ApiRequest): Page {
  const read = (name: string, fallback: number, max: number) => {
    const values = request.query.getAll(name);
    if (values.length === 0) return fallback;
    const text = values[0] ?? '';
    if (values.length > 1 || !/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) {
      throw rejection.invalidRequest(
        `${name} must be one whole number from 1 to ${max}, got "${values.join('", "')}"`,
      );
    }
    return Number(text);
  };
  return {
    page: read('page', 1, Number.MAX_SAFE_INTEGER),
    perPage: read('per_page', platformDefaultPerPage, 1000),
  };
}

/** Refuses query parameters the call does not know, naming them (as a body's unknown field is). */
export function checkQueryNames(request: ApiRequest, known: readonly string[]): void {
  const unknown = [...new Set(request.query.keys())].filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw rejection.invalidRequest(
      `unknown query parameter ${unknown.map((name) => `"${name.slice(0, 100)}"`).join(', ')}; this call takes ${known.join(', ')}`,
    );
  }
}
