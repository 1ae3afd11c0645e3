import { ClockListeners } from '@kezek/clock';
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
    const reconciler = new ExpiryReconciler(
      { releaseExpired } as unknown as ClaimService,
      {} as Queues,
      new ClockListeners(),
    );
    expect(await reconciler.process()).toEqual({ holds: 1002, claims: 3 });
    expect(releaseExpired).toHaveBeenCalledTimes(3);
  });

  it('sweeps when the clock moves, as a listener named after its scheduler', async () => {
    const releaseExpired = jest.fn().mockResolvedValue({ holds: 0, claims: 0 });
    const listeners = new ClockListeners();
    const queue = { removeJobScheduler: jest.fn(), upsertJobScheduler: jest.fn() };
    const reconciler = new ExpiryReconciler(
      { releaseExpired } as unknown as ClaimService,
      { get: () => queue } as unknown as Queues,
      listeners,
    );
    await reconciler.onApplicationBootstrap();
    expect(listeners.names).toEqual(['release-expired']);
    expect(await listeners.run(new Date(), 1_000)).toEqual([]);
    expect(releaseExpired).toHaveBeenCalledTimes(1);
  });
});
