import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * A `fetch` for model loaders that fetch their weights (human does, through the global `fetch`,
 * which in Node cannot read file:// URLs). It serves file:// URLs from disk and refuses every
 * other URL, so a local model can never reach the network.
 */
export async function fileOnlyFetch(input: string | URL | Request): Promise<Response> {
  const url = input instanceof Request ? input.url : String(input);
  if (!url.startsWith('file:'))
    throw new TypeError(`the local models do not use the network (asked for ${url})`);
  const file = fileURLToPath(url);
  try {
    return new Response(await readFile(file));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return new Response(null, { status: 404, statusText: `cannot read ${file}: ${reason}` });
  }
}
