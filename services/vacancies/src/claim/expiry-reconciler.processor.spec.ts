import { Queues } from '@kezek/jobs';
import { ClaimService } from './claim.service';
import { ExpiryReconciler } from './expiry-reconciler.processor';

describe('ExpiryReconciler', () => {
  it('sweeps until a pass frees nothing, adding up what it freed', async () => {
    const releaseExpired = jest
      .fn()
      .mockResolvedValueOnce({ holds: 1000, claims: 3 })
      .mockResolvedValueOnce({ holds: 2, claims: 0 })
      .mockResolvedValueOnce({ holds: 0, claims: 0 });
    const reconciler = new ExpiryReconciler({ releaseExpired } as unknown as ClaimService, {} as Queues);
    expect(await reconciler.process()).toEqual({ holds: 1002, claims: 3 });
    expect(releaseExpired).toHaveBeenCalledTimes(3);
  });
});
