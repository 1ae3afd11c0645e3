import { z } from 'zod';

/** prepareWithdrawal's input, checked again when the signed action is performed. */
export const withdrawalInput = z.object({
  applicationId: z.string().uuid(),
  reason: z.string().trim().min(3).max(500),
});
