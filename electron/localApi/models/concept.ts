import { z } from 'zod';

/** A concept as Clarifai's predict answers carry it (`{id, name, value}`, value a score in [0, 1]). */
export const conceptSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  value: z.number().min(0).max(1),
});
export type Concept = z.infer<typeof conceptSchema>;
