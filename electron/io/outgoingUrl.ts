import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Fetching a URL someone else chose (an image URL in a predict request, a URL image in the
 * workspace) from this machine: without a guard that is a way into everything this machine can
 * reach — loopback services, the LAN, cloud metadata at 169.254.169.254. So by default only public
 * addresses are connected to, checked after DNS resolution and pinned for the connection (a
 * second lookup by the HTTP stack could be answered differently: DNS rebinding), on every
 * redirect hop, with a bounded number of hops. docs/hostile-input.md lists the ranges and why.
 */

/** Why a fetch failed, as a class: what the caller may say without describing someone else's network. */
export type OutgoingFailure =
  | 'invalid_url'
  | 'unsupported_scheme'
  | 'blocked_address'
  | 'dns_failed'
  | 'connect_failed'
  | 'timed_out'
  | 'http_error'
  | 'too_many_redirects'
  | 'too_large';

const failureText: Record<OutgoingFailure, string> = {
  invalid_url: 'the URL is not valid',
  unsupported_scheme: 'only http and https URLs are fetched',
  blocked_address:
    'the host is a loopback, private, link-local or otherwise non-public address, which is not fetched unless private URLs are allowed',
  dns_failed: 'the host name could not be resolved',
  connect_failed: 'the connection failed',
  timed_out: 'it timed out',
  http_error: 'the server did not answer with the image',
  too_many_redirects: 'it redirected too many times',
  too_large: 'the image is over the size limit',
};

/**
 * One uniform message per failure class: never the server's body, headers, a redirect target or
 * the socket error (which would tell a prober which ports and paths exist). An HTTP failure adds
 * only its status code.
 */
export class OutgoingUrlError extends Error {
  readonly failure: OutgoingFailure;
  readonly httpStatus: number | undefined;

  constructor(failure: OutgoingFailure, httpStatus?: number, options?: ErrorOptions) {
    super(
      `Could not fetch the image URL: ${failureText[failure]}${httpStatus === undefined ? '' : ` (HTTP ${httpStatus})`}`,
      options,
    );
    this.name = 'OutgoingUrlError';
    this.failure = failure;
    this.httpStatus = httpStatus;
  }
}

export interface OutgoingFetchOptions {
  /**
   * Connect to loopback, private and other non-public addresses too (a lab's own image server,
   * tests): all of them, or only those in the given list.
   */
  allowPrivate: boolean | BlockList;
  /** For the whole fetch, redirects included. */
  timeoutMs: number;
  /** Bytes of the body; more fails with `too_large` as soon as it is passed. */
  maxBytes: number;
  /** Redirects followed before giving up; default 5. */
  maxRedirects?: number;
  signal?: AbortSignal;
}

/** Addresses that are not a public host on the internet (IANA special-purpose registries). */
export const nonPublicAddresses: BlockList = (() => {
  const list = new BlockList();
  const v4: [string, number][] = [
    ['0.0.0.0', 8], // "this network", 0.0.0.0 reaches loopback on Linux
    ['10.0.0.0', 8],
    ['100.64.0.0', 10], // carrier-grade NAT
    ['127.0.0.0', 8],
    ['169.254.0.0', 16], // link-local, cloud metadata
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.88.99.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4], // multicast
    ['240.0.0.0', 4], // reserved, and 255.255.255.255
  ];
  for (const [network, prefix] of v4) list.addSubnet(network, prefix, 'ipv4');
  const v6: [string, number][] = [
    ['::', 96], // unspecified, loopback, IPv4-compatible
    ['64:ff9b:1::', 48], // local-use NAT64
    ['100::', 64], // discard
    ['2001:db8::', 32], // documentation
    ['fc00::', 7], // unique local
    ['fe80::', 10], // link-local
    ['fec0::', 10], // site-local (deprecated)
    ['ff00::', 8], // multicast
  ];
  // No rule for IPv4-mapped ::ffff:0:0/96: BlockList checks those against the IPv4 rules above
  // (and such a rule would match every IPv4 address).
  for (const [network, prefix] of v6) list.addSubnet(network, prefix, 'ipv6');
  return list;
})();

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !nonPublicAddresses.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The URL as it will be fetched, or the reason it will not be. The WHATWG parser has already
 * normalised IPv4 spelled in decimal, octal or hex (`2130706433`, `0x7f.1`) to dotted form.
 */
export function parseOutgoingUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OutgoingUrlError('invalid_url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutgoingUrlError('unsupported_scheme');
  if (url.username !== '' || url.password !== '') throw new OutgoingUrlError('invalid_url');
  return url;
}

function hostOf(url: URL): string {
  // IPv6 literals come bracketed from the parser.
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

function resolve(host: string): Promise<LookupAddress[]> {
  return new Promise((done, fail) => {
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => {
      if (error) fail(new OutgoingUrlError('dns_failed', undefined, { cause: error }));
      else done(addresses);
    });
  });
}

/** The address to connect to: the first one resolved that the policy allows. */
export async function pickAddress(url: URL, allowPrivate: boolean | BlockList): Promise<LookupAddress> {
  const host = hostOf(url);
  const family = isIP(host);
  const addresses = family !== 0 ? [{ address: host, family }] : await resolve(host);
  const permitted = ({ address, family: version }: LookupAddress) =>
    isPublicAddress(address) ||
    allowPrivate === true ||
    (allowPrivate instanceof BlockList && allowPrivate.check(address, version === 6 ? 'ipv6' : 'ipv4'));
  const allowed = addresses.find(permitted);
  if (!allowed) throw new OutgoingUrlError(addresses.length === 0 ? 'dns_failed' : 'blocked_address');
  return allowed;
}

/** A lookup that answers the pinned address only, so the connection goes where the check looked. */
function pinnedLookup(pinned: LookupAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as (error: null, addresses: LookupAddress[]) => void)(null, [pinned]);
    } else callback(null, pinned.address, pinned.family);
  };
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

function get(url: URL, pinned: LookupAddress, signal: AbortSignal): Promise<IncomingMessage> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((done, fail) => {
    const request = send(url, {
      method: 'GET',
      lookup: pinnedLookup(pinned),
      signal,
      headers: { Accept: 'image/*' },
    });
    request.once('response', done);
    request.on('error', (error) => {
      fail(
        signal.aborted
          ? new OutgoingUrlError('timed_out', undefined, { cause: error })
          : new OutgoingUrlError('connect_failed', undefined, { cause: error }),
      );
    });
    request.end();
  });
}

async function readBody(response: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const announced = Number(response.headers['content-length'] ?? NaN);
  if (announced > maxBytes) {
    response.destroy();
    throw new OutgoingUrlError('too_large');
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > maxBytes) throw new OutgoingUrlError('too_large');
      chunks.push(chunk);
    }
  } catch (error) {
    response.destroy();
    if (error instanceof OutgoingUrlError) throw error;
    throw new OutgoingUrlError(signal.aborted ? 'timed_out' : 'connect_failed', undefined, { cause: error });
  }
  return Buffer.concat(chunks);
}

/** GETs `text` within the policy: the body's bytes, or an `OutgoingUrlError` saying which class of failure. */
export async function fetchOutgoing(text: string, options: OutgoingFetchOptions): Promise<Buffer> {
  const maxRedirects = options.maxRedirects ?? 5;
  const signal = AbortSignal.any([
    AbortSignal.timeout(options.timeoutMs),
    ...(options.signal ? [options.signal] : []),
  ]);
  let url = parseOutgoingUrl(text);
  for (let hop = 0; ; hop += 1) {
    const pinned = await pickAddress(url, options.allowPrivate);
    if (signal.aborted) throw new OutgoingUrlError('timed_out');
    const response = await get(url, pinned, signal);
    const status = response.statusCode ?? 0;
    if (redirectStatuses.has(status) && response.headers.location !== undefined) {
      response.destroy();
      if (hop >= maxRedirects) throw new OutgoingUrlError('too_many_redirects');
      let next: string;
      try {
        next = new URL(response.headers.location, url).href;
      } catch {
        throw new OutgoingUrlError('invalid_url');
      }
      url = parseOutgoingUrl(next);
      continue;
    }
    if (status < 200 || status > 299) {
      response.destroy();
      throw new OutgoingUrlError('http_error', status);
    }
    return readBody(response, options.maxBytes, signal);
  }
}

/**
 * The main side's switch for private URLs (the app has no command line for it):
 * `LOUPE_ALLOW_PRIVATE_URLS=1`, for a lab whose images live on its own network.
 */
export function privateUrlsAllowedByEnvironment(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['LOUPE_ALLOW_PRIVATE_URLS'] === '1';
}
