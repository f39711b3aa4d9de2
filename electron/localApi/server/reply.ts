import { SUCCESS, type Status } from '../../../shared/clarifai/status.ts';
import { wireStatus } from './wireStatus.ts';

/** What a handler answers; the server serialises it (and may damage it, see faultInjector.ts). */
export interface Reply {
  httpStatus: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** `{"status":{"code":10000,"description":"Ok"}}`, plus the endpoint's own fields. */
export function okReply(fields: Record<string, unknown> = {}): Reply {
  return { httpStatus: 200, body: { status: wireStatus(SUCCESS), ...fields } };
}

export function statusReply(httpStatus: number, status: Status, headers?: Record<string, string>): Reply {
  return headers ? { httpStatus, body: { status }, headers } : { httpStatus, body: { status } };
}
