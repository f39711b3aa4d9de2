import { z } from 'zod';

/**
 * Where an image stands, for lists and filters: pending (no prediction yet) · failed (prediction
 * or delivery failed, or the file is unusable) · unreviewed · in_progress · queued (submitted,
 * feedback waiting in the outbox) · done (submitted and delivered).
 */
export const imageStatuses = ['pending', 'failed', 'unreviewed', 'in_progress', 'queued', 'done'] as const;
export const imageStatusSchema = z.enum(imageStatuses);
export type ImageStatus = z.infer<typeof imageStatusSchema>;
