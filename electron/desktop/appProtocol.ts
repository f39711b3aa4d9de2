import { resolve, sep } from 'node:path';
import { appOrigin } from '../../shared/contract.ts';

/**
 * Maps a `loupe://app/…` URL to a file under `root`, or undefined when the URL names anything
 * outside it (`..`, an absolute path, encoded traversal, another host).
 */
export function resolveAppPath(root: string, requestUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (`${url.protocol}//${url.host}` !== appOrigin) return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return undefined;
  const base = resolve(root);
  const file = resolve(base, `.${pathname === '/' ? '/index.html' : pathname}`);
  return file.startsWith(base + sep) ? file : undefined;
}
