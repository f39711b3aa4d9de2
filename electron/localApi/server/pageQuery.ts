import { rejection } from './apiError.ts';
import type { ApiRequest } from './localApiContext.ts';

export interface Page {
  page: number;
  perPage: number;
}

/** `?page=&per_page=` of list endpoints: whole numbers, page ≥ 1, per_page 1–1000 (default 1 and 20). */
export function pageQuery(request: ApiRequest): Page {
  const read = (name: string, fallback: number, max: number) => {
    const text = request.query.get(name);
    if (text === null) return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < 1 || value > max) {
      throw rejection.invalidRequest(`${name} must be a whole number from 1 to ${max}, got "${text}"`);
    }
    return value;
  };
  return { page: read('page', 1, Number.MAX_SAFE_INTEGER), perPage: read('per_page', 20, 1000) };
}
