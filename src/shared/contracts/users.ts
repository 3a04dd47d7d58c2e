import { z } from 'zod';
import { ROLES } from '../roles';

export const ZUserAccount = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  communityId: z.uuid().nullable(),
  disabled: z.boolean(),
});
export type TUserAccount = z.infer<typeof ZUserAccount>;

export const ZUserList = z.object({ items: z.array(ZUserAccount) });
