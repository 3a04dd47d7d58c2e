import { z } from 'zod';
import { ROLES } from '../roles';

/** What the signed-in person's home page shows first: their part of the community in numbers. */
export const ZHomeSummary = z.object({
  role: z.enum(ROLES),
  communities: z.array(z.object({ id: z.uuid(), name: z.string() })),
  households: z.number().int(),
  residents: z.number().int(),
  livingAlone: z.number().int(),
  over80: z.number().int(),
  withoutBuildingLeader: z.number().int(),
});
export type THomeSummary = z.infer<typeof ZHomeSummary>;
