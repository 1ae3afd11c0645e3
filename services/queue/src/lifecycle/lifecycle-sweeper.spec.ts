import { ManualClock } from '@kezek/clock';
import { OfferService } from '../offer/offer.service';
import { ReferralExpiryService } from '../referral/referral-expiry.service';
import { LifecycleSweeper } from './lifecycle-sweeper';

/** The sweeper's own logic over stand-ins of the services whose rows it visits. */
function sweeperOver(o: {
  dueRounds: string[];
  closeRound: (id: string) => Promise<boolean>;
  overdue: { referrals: string[]; stopLists: string[]; uncommitted: string[] };
  unreleased?: string[];
  commitClaim?: (id: string) => Promise<void>;
  waiting?: Array<{ portalId: string; groupYear: number }>;
  lost?: number;
}) {
  const calls: string[] = [];
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  const offers = {
    receiveLostPublications: async (before: Date) => {
      calls.push(`lost before ${before.toISOString()}`);
      return o.lost ?? 0;
    },
    waitingSince: async (before: Date) => {
      calls.push(`waiting before ${before.toISOString()}`);
      return o.waiting ?? [];
    },
    openWaitingRounds: async (portalId: string, groupYear: number) => {
      calls.push(`open ${portalId} ${groupYear}`);
      if (portalId === 'gone') throw new Error('no such portal');
      return 2;
    },
    dueRounds: async () => o.dueRounds,
    closeRound: async (id: string) => {
      calls.push(`close ${id}`);
      return o.closeRound(id);
    },
    unreleasedRounds: async () => [],
    releaseRoundSeats: async () => undefined,
  } as unknown as OfferService;
  const referrals = {
    overdue: async () => o.overdue,
    unreleased: async () => o.unreleased ?? [],
    expire: async (id: string) => (calls.push(`expire ${id}`), true),
    releaseStopList: async () => true,
    commitClaim: async (id: string) => (calls.push(`commit ${id}`), o.commitClaim?.(id)),
    releaseSeat: async (id: string) => void calls.push(`release ${id}`),
  } as unknown as ReferralExpiryService;
  return { sweeper: new LifecycleSweeper(clock, offers, referrals), calls };
}

describe('the lifecycle sweeper', () => {
  it('goes on past a row that fails, counting it, and does every other row', async () => {
    const { sweeper, calls } = sweeperOver({
      dueRounds: ['r1', 'r2'],
      closeRound: async (id) => {
        if (id === 'r1') throw new Error('vacancies did not answer');
        return true;
      },
      overdue: { referrals: ['x1'], stopLists: [], uncommitted: ['c1'] },
      unreleased: ['u1'],
      commitClaim: async () => {
        throw new Error('INVALID_STATE');
      },
    });
    expect(await sweeper.sweep()).toEqual({
      recovered: 0,
      opened: 0,
      rounds: 1,
      referrals: 1,
      stopLists: 0,
      claims: 0,
      seats: 1,
      failed: 2,
    });
    expect(calls).toEqual([
      'lost before 2026-03-02T04:58:00.000Z',
      'waiting before 2026-03-02T04:59:30.000Z',
      'close r1',
      'close r2',
      'expire x1',
      'commit c1',
      'release u1',
    ]);
  });

  it('ends when a full batch only fails, leaving it to the next sweep', async () => {
    const ids = Array.from({ length: 500 }, (_, i) => `r${i}`);
    const { sweeper } = sweeperOver({
      dueRounds: ids,
      closeRound: async () => {
        throw new Error('down');
      },
      overdue: { referrals: [], stopLists: [], uncommitted: [] },
    });
    expect((await sweeper.sweep()).failed).toBe(500);
  });

  it('receives publications lost for more than 2 min, opens those left waiting for more than 30 s, before closing any window', async () => {
    const { sweeper, calls } = sweeperOver({
      dueRounds: ['r1'],
      closeRound: async () => true,
      overdue: { referrals: [], stopLists: [], uncommitted: [] },
      lost: 3,
      waiting: [
        { portalId: 'gone', groupYear: 2022 },
        { portalId: 'astana', groupYear: 2023 },
      ],
    });
    expect(await sweeper.sweep()).toMatchObject({ recovered: 3, opened: 2, rounds: 1, failed: 1 });
    expect(calls).toEqual([
      'lost before 2026-03-02T04:58:00.000Z',
      'waiting before 2026-03-02T04:59:30.000Z',
      'open gone 2022',
      'open astana 2023',
      'close r1',
    ]);
  });
});
