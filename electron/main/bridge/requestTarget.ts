/**
 * The bridge's one reading of a request line's target (`/api/invoke/x?y`, `/assets/%41.js`).
 * Everything the bridge routes on comes from here, so malformed input — a percent sign not
 * followed by two hex digits (`/%E0%A4%A`), bytes that are not UTF-8 once decoded, a target
 * `URL` cannot parse — is one 400 answer, never a URIError escaping as a 500.
 */
export type RequestTarget =
  | {
      ok: true;
      /** The path as sent (still percent-encoded): API routes match on this. */
      pathname: string;
      /** The path decoded, for file lookups. */
      decodedPath: string;
      query: URLSearchParams;
    }
  | { ok: false; reason: string };

/** The longest target accepted; Node's parser already caps the whole head at 16 KiB. */
const maxTargetLength = 8192;

export function parseRequestTarget(raw: string | undefined): RequestTarget {
  const target = raw ?? '/';
  if (target.length > maxTargetLength) return { ok: false, reason: 'the request target is too long' };
  // Origin-form only (RFC 9112 §3.2.1): a path, never an absolute URL or `*`.
  if (!target.startsWith('/') || target.startsWith('//'))
    return { ok: false, reason: 'the request target must be a path' };
  let url: URL;
  try {
    url = new URL(target, 'http://127.0.0.1');
  } catch {
    return { ok: false, reason: 'the request target is not a valid URL path' };
  }
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, reason: 'the path has malformed percent-encoding' };
  }
  if (decodedPath.includes('\0')) return { ok: false, reason: 'the path contains a NUL character' };
  // URLSearchParams keeps a malformed escape as it is, so the query cannot throw; the token in
  // it is compared byte for byte.
  return { ok: true, pathname: url.pathname, decodedPath, query: url.searchParams };
}
