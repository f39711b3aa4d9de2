import { createHash, randomBytes } from 'node:crypto';

/**
 * Keys of the local API. A key looks like a Clarifai app key (32 hex digits) and is kept only as
 * its SHA-256 digest: it is shown once, when it is made, and never written anywhere in clear.
 */
export function generateApiKey(): string {
  return randomBytes(16).toString('hex');
}

export function apiKeyDigest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export type AuthorizationHeader = { key: string } | { problem: string };

/**
 * `Authorization: Key <key>` — the scheme as Clarifai documents it (case-insensitive, as HTTP
 * schemes are); the key itself is never echoed back in the problem text.
 */
export function parseAuthorizationHeader(header: string | undefined): AuthorizationHeader {
  if (header === undefined || header.trim() === '') {
    return { problem: 'the Authorization header is missing; send "Authorization: Key <your key>"' };
  }
  const match = /^Key +(\S+)\s*$/i.exec(header.trim());
  if (!match?.[1]) return { problem: 'the Authorization header must have the form "Key <your key>"' };
  return { key: match[1] };
}
