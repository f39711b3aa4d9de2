import { z } from 'zod';
import { statusCodeNumber } from './statusCodes.ts';

/**
 * The `status` object every Clarifai response carries, top-level and per item. `code` arrives as
 * a number or as its enum name (the rate-limit docs compare with `"CONN_THROTTLED"`); both are
 * kept as sent so a body re-serialises unchanged — read it through `statusCodeNumber`.
 */
export const statusCodeSchema = z.union([z.number().int(), z.string().min(1)]);

export const statusSchema = z.looseObject({
  code: statusCodeSchema,
  description: z.string().optional(),
  details: z.string().optional(),
  req_id: z.string().optional(),
});
export type Status = z.infer<typeof statusSchema>;

export const SUCCESS = 10000;
export const MIXED_STATUS = 10010;

export function isSuccess(status: Pick<Status, 'code'>): boolean {
  return statusCodeNumber(status.code) === SUCCESS;
}

/** The body of a response that carries nothing but its status (feedback, for one). */
export const statusResponseSchema = z.looseObject({ status: statusSchema });
export type StatusResponse = z.infer<typeof statusResponseSchema>;
