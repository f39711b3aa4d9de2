import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultConfig } from './faultConfig.ts';
import type { FaultDecision } from './faultInjector.ts';
import { sendReply, type ReplyDamage } from './sendReply.ts';
import { statusReply } from './reply.ts';
import { wireStatus } from './wireStatus.ts';

const injected = 'injected by the local API fault settings';

/** Retryable server errors, one picked per fault by its variant. */
const serverErrors = [
  { httpStatus: 500, code: 98004 },
  { httpStatus: 503, code: 40031 },
  { httpStatus: 503, code: 10030 },
] as const;

const proxyPage =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

function retryAfterHeader(config: FaultConfig): string {
  if (config.retryAfter === 'seconds') return String(config.retryAfterSeconds);
  // An HTTP date has whole seconds: round up so the client never waits less than asked.
  return new Date(Math.ceil(Date.now() / 1000) * 1000 + config.retryAfterSeconds * 1000).toUTCString();
}

/**
 * Acts out a fault that replaces the answer (the request is not handled). Returns false when the
 * decided fault is not one of those: the request is then handled, and `damageFor` says how its
 * answer is to be damaged, if at all.
 */
export async function respondWithFault(
  decision: FaultDecision,
  config: FaultConfig,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  switch (decision.kind) {
    case 'serverError': {
      const error = serverErrors[Math.floor(decision.variant * serverErrors.length)] ?? serverErrors[0];
      await sendReply(res, statusReply(error.httpStatus, wireStatus(error.code, injected)));
      return true;
    }
    case 'throttle':
      await sendReply(
        res,
        statusReply(429, wireStatus(11005, injected), { 'Retry-After': retryAfterHeader(config) }),
      );
      return true;
    case 'throttleInBody':
      await sendReply(res, statusReply(200, wireStatus(11005, injected)));
      return true;
    case 'reset':
      req.socket.resetAndDestroy();
      return true;
    case 'hang':
      // No answer: the client's timeout (or the server closing) ends it.
      return true;
    case 'html':
      res.writeHead(502, {
        'Content-Type': 'text/html',
        'Content-Length': String(Buffer.byteLength(proxyPage)),
      });
      res.end(proxyPage);
      return true;
    default:
      return false;
  }
}

export function damageFor(decision: FaultDecision, config: FaultConfig): ReplyDamage | undefined {
  switch (decision.kind) {
    case 'truncate':
    case 'invalidJson':
    case 'drip':
      return { kind: decision.kind, dripIntervalMs: config.dripIntervalMs };
    default:
      return undefined;
  }
}
