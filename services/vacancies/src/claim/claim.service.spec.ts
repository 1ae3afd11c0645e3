import { ManualClock } from '@kezek/clock';
import { recordEvent } from '@kezek/outbox';
import { ReleaseReason, SeatStatus } from '../seat/seat-lifecycle';
import { aSeat, fakeDataSource, mockSeatRepository } from '../seat/seat.repository.mock';
import { ClaimService } from './claim.service';

jest.mock('@kezek/outbox', () => ({ ...jest.requireActual('@kezek/outbox'), recordEvent: jest.fn() }));

describe('ClaimService', () => {
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  const now = clock.now();
  const in15min = new Date(now.getTime() + 900_000);
  let seats: ReturnType<typeof mockSeatRepository>;
  let fake: ReturnType<typeof fakeDataSource>;
  let claims: ClaimService;
  const events = () => jest.mocked(recordEvent).mock.calls.map(([, , e]) => ({ type: e.type, payload: e.payload }));

  beforeEach(() => {
    jest.mocked(recordEvent).mockClear();
    seats = mockSeatRepository();
    fake = fakeDataSource();
    claims = new ClaimService(fake.db, clock, seats);
  });

  describe('hold', () => {
    const hold = { offerRoundId: 'round-1', areaId: 'astana', groupYear: 2022, count: 2, ttlSeconds: 600 };
    const round = { id: 'round-1', areaId: 'astana', groupYear: 2022, requested: 2, heldAt: now };

    it('records the round and holds free seats until the TTL', async () => {
      const held = [
        aSeat({ status: SeatStatus.HELD, offerRoundId: 'round-1', heldUntil: new Date('2026-03-02T05:10:00Z') }),
      ];
      seats.createOfferRound.mockResolvedValue(true);
      seats.holdFreeSeats.mockResolvedValue(held);
      const res = await claims.hold(hold);
      expect(seats.createOfferRound).toHaveBeenCalledWith(fake.tx, round);
      expect(seats.holdFreeSeats).toHaveBeenCalledWith(fake.tx, {
        offerRoundId: 'round-1',
        areaId: 'astana',
        groupYear: 2022,
        count: 2,
        heldUntil: new Date('2026-03-02T05:10:00Z'),
        publications: [],
        now,
      });
      expect(seats.endAwaiting).not.toHaveBeenCalled();
      expect(res).toMatchObject({
        offerRoundId: 'round-1',
        heldUntil: '2026-03-02T05:10:00.000Z',
        seats: [{ seatId: held[0].id, status: 'HELD', offerRoundId: 'round-1' }],
      });
    });

    it('answers a replay of the round with what it still holds, holding nothing fresh', async () => {
      const still = [aSeat({ status: SeatStatus.HELD, offerRoundId: 'round-1', heldUntil: in15min })];
      seats.createOfferRound.mockResolvedValue(false);
      seats.lockOfferRound.mockResolvedValue(round);
      seats.findHeldForRound.mockResolvedValue(still);
      expect((await claims.hold(hold)).seats.map((s) => s.seatId)).toEqual([still[0].id]);
      expect(seats.holdFreeSeats).not.toHaveBeenCalled();

      seats.findHeldForRound.mockResolvedValue([]);
      expect(await claims.hold(hold)).toEqual({ offerRoundId: 'round-1', heldUntil: null, seats: [] });
    });

    it('holds the difference for a replay that asks for more, and answers with every seat the round holds', async () => {
      const all = [aSeat({ status: SeatStatus.HELD, offerRoundId: 'round-1', heldUntil: in15min })];
      seats.createOfferRound.mockResolvedValue(false);
      seats.lockOfferRound.mockResolvedValue(round);
      seats.findHeldForRound.mockResolvedValue(all);
      expect((await claims.hold({ ...hold, count: 5 })).seats.map((s) => s.seatId)).toEqual([all[0].id]);
      expect(seats.setRequested).toHaveBeenCalledWith(fake.tx, 'round-1', 5);
      expect(seats.holdFreeSeats).toHaveBeenCalledWith(fake.tx, expect.objectContaining({ count: 3 }));
    });

    it("holds the seats of the round's publications first and ends the wait of the rest, after the hold, on a replay too", async () => {
      const publications = [
        { groupId: '00000000-0000-4000-8000-0000000000a1', publishedAt: '2026-03-02T04:58:00.000Z' },
        { groupId: '00000000-0000-4000-8000-0000000000a2', publishedAt: '2026-03-02T04:59:00.000Z' },
      ];
      const seen = publications.map((p) => ({ groupId: p.groupId, publishedAt: new Date(p.publishedAt) }));
      const order: string[] = [];
      seats.holdFreeSeats.mockImplementation(async () => (order.push('hold'), []));
      seats.endAwaiting.mockImplementation(async () => (order.push('end'), 0));
      seats.createOfferRound.mockResolvedValue(true);
      await claims.hold({ ...hold, publications });
      expect(order).toEqual(['hold', 'end']);
      expect(seats.holdFreeSeats).toHaveBeenCalledWith(fake.tx, expect.objectContaining({ publications: seen }));
      expect(seats.endAwaiting).toHaveBeenCalledWith(fake.tx, {
        areaId: 'astana',
        groupYear: 2022,
        publications: seen,
      });
      seats.createOfferRound.mockResolvedValue(false);
      seats.lockOfferRound.mockResolvedValue(round);
      seats.findHeldForRound.mockResolvedValue([]);
      await claims.hold({ ...hold, publications });
      expect(seats.holdFreeSeats).toHaveBeenCalledTimes(1);
      expect(seats.endAwaiting).toHaveBeenCalledTimes(2);
    });

    it('answers a round of nobody replaying a round that held seats with what it holds, holding nothing', async () => {
      const still = [aSeat({ status: SeatStatus.HELD, offerRoundId: 'round-1', heldUntil: in15min })];
      seats.createOfferRound.mockResolvedValue(false);
      seats.lockOfferRound.mockResolvedValue(round);
      seats.findHeldForRound.mockResolvedValue(still);
      expect((await claims.hold({ ...hold, count: 0 })).seats.map((s) => s.seatId)).toEqual([still[0].id]);
      expect(seats.holdFreeSeats).not.toHaveBeenCalled();
      expect(seats.setRequested).not.toHaveBeenCalled();
    });

    it('holds nothing for a round of nobody (count 0), only ending the wait', async () => {
      seats.createOfferRound.mockResolvedValue(true);
      const res = await claims.hold({
        ...hold,
        count: 0,
        publications: [{ groupId: '00000000-0000-4000-8000-0000000000a1', publishedAt: now.toISOString() }],
      });
      expect(seats.createOfferRound).toHaveBeenCalledWith(fake.tx, { ...round, requested: 0 });
      expect(seats.holdFreeSeats).not.toHaveBeenCalled();
      expect(seats.endAwaiting).toHaveBeenCalledTimes(1);
      expect(res).toEqual({ offerRoundId: 'round-1', heldUntil: null, seats: [] });
    });

    it.each([
      ['fewer seats', { count: 1 }],
      ['another area', { areaId: 'almaty' }],
      ['another group year', { groupYear: 2021 }],
    ])('refuses the round id again with %s', async (_what, terms) => {
      seats.createOfferRound.mockResolvedValue(false);
      seats.lockOfferRound.mockResolvedValue(round);
      await expect(claims.hold({ ...hold, ...terms })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(seats.findHeldForRound).not.toHaveBeenCalled();
      expect(seats.holdFreeSeats).not.toHaveBeenCalled();
    });
  });

  describe('claim', () => {
    const terms = { referralId: 'ref-1', claimedAt: now, pendingUntil: in15min };

    it('claims in one statement, outside any transaction, when the referral is new and a seat is unlocked', async () => {
      const seat = aSeat({ status: SeatStatus.CLAIMED, offerRoundId: 'round-1', ...terms });
      seats.claimUnlessKnown.mockResolvedValue(seat);
      const transaction = jest.spyOn(fake.db, 'transaction');
      const res = await claims.claim({ referralId: 'ref-1', groupId: 'group-1', offerRoundId: 'round-1' });
      expect(seats.claimUnlessKnown).toHaveBeenCalledWith(fake.db.manager, 'group-1', 'round-1', terms);
      expect(res).toEqual({
        replayed: false,
        seat: expect.objectContaining({
          seatId: seat.id,
          status: 'CLAIMED',
          referralId: 'ref-1',
          pendingUntil: in15min.toISOString(),
        }),
      });
      expect(transaction).not.toHaveBeenCalled();
      expect(seats.findByReferral).not.toHaveBeenCalled();
      expect(seats.lockSeatToClaim).not.toHaveBeenCalled();
    });

    it('else claims the seat the repository locks for the round, pending 15 minutes, on the careful path', async () => {
      const seat = aSeat();
      seats.claimUnlessKnown.mockResolvedValue(undefined);
      seats.lockSeatToClaim.mockResolvedValue(seat.id);
      seats.claim.mockImplementation(async (_tx, id, c) =>
        aSeat({ id, status: SeatStatus.CLAIMED, offerRoundId: 'round-1', ...c }),
      );
      const res = await claims.claim({ referralId: 'ref-1', groupId: 'group-1', offerRoundId: 'round-1' });
      expect(seats.lockSeatToClaim).toHaveBeenCalledWith(fake.tx, 'group-1', 'round-1', now);
      // The claim statement records SeatClaimed with the seat (claims.integration-spec checks the row).
      expect(seats.claim).toHaveBeenCalledWith(fake.tx, seat.id, terms);
      expect(res).toMatchObject({
        replayed: false,
        seat: { seatId: seat.id, status: 'CLAIMED', referralId: 'ref-1', pendingUntil: in15min.toISOString() },
      });
    });

    it('returns a replay the same seat as it is, claiming nothing', async () => {
      const seat = aSeat({ status: SeatStatus.CLAIMED, referralId: 'ref-1', claimedAt: now, pendingUntil: in15min });
      seats.findByReferral.mockResolvedValue(seat);
      const res = await claims.claim({ referralId: 'ref-1', groupId: 'group-1', ttlSeconds: 60 });
      expect(res).toMatchObject({ replayed: true, seat: { seatId: seat.id, pendingUntil: in15min.toISOString() } });
      expect(seats.claim).not.toHaveBeenCalled();
      expect(events()).toEqual([]);
    });

    it('refuses a referral whose seat is in another group', async () => {
      seats.findByReferral.mockResolvedValue(aSeat({ status: SeatStatus.CLAIMED, groupId: 'group-2' }));
      await expect(claims.claim({ referralId: 'ref-1', groupId: 'group-1' })).rejects.toMatchObject({
        code: 'INVALID_STATE',
        details: { groupId: 'group-2' },
      });
    });

    it('never claims again for a referral that lost its seat, saying why', async () => {
      seats.findReleasedReferral.mockResolvedValue({
        referralId: 'ref-1',
        seatId: 's',
        releasedAt: now,
        reason: ReleaseReason.ClaimExpired,
      });
      await expect(claims.claim({ referralId: 'ref-1', groupId: 'group-1' })).rejects.toMatchObject({
        code: 'INVALID_STATE',
        details: { reason: 'CLAIM_EXPIRED', releasedAt: now.toISOString() },
      });
      expect(seats.lockSeatToClaim).not.toHaveBeenCalled();
    });

    it('tells no free seat from no such group', async () => {
      seats.lockSeatToClaim.mockResolvedValue(undefined);
      seats.groupExists.mockResolvedValue(true);
      await expect(claims.claim({ referralId: 'ref-1', groupId: 'group-1' })).rejects.toMatchObject({
        code: 'NO_FREE_SEATS',
      });
      seats.groupExists.mockResolvedValue(false);
      await expect(claims.claim({ referralId: 'ref-1', groupId: 'group-1' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('answers a concurrent twin that won the unique referral with its seat', async () => {
      const won = aSeat({ status: SeatStatus.CLAIMED, referralId: 'ref-1', claimedAt: now, pendingUntil: in15min });
      seats.findByReferral.mockResolvedValueOnce(undefined).mockResolvedValueOnce(won);
      seats.lockSeatToClaim.mockResolvedValue(won.id);
      seats.claim.mockRejectedValue(
        Object.assign(new Error('duplicate'), { code: '23505', constraint: 'seat_referral_uq' }),
      );
      expect(await claims.claim({ referralId: 'ref-1', groupId: 'group-1' })).toMatchObject({
        replayed: true,
        seat: { seatId: won.id },
      });
    });

    it('answers a twin that won the unique referral during the one-statement claim with its seat', async () => {
      const won = aSeat({ status: SeatStatus.CLAIMED, referralId: 'ref-1', claimedAt: now, pendingUntil: in15min });
      seats.claimUnlessKnown.mockRejectedValue(
        Object.assign(new Error('duplicate'), { code: '23505', constraint: 'seat_referral_uq' }),
      );
      seats.findByReferral.mockResolvedValue(won);
      expect(await claims.claim({ referralId: 'ref-1', groupId: 'group-1' })).toMatchObject({
        replayed: true,
        seat: { seatId: won.id },
      });
      expect(seats.claim).not.toHaveBeenCalled();
    });
  });

  describe('commit', () => {
    it('commits a pending claim, and returns a committed or enrolled one as it is', async () => {
      const pending = aSeat({ status: SeatStatus.CLAIMED, referralId: 'ref-1', claimedAt: now, pendingUntil: in15min });
      seats.lockByReferral.mockResolvedValue(pending);
      seats.commitClaim.mockResolvedValue({ ...pending, pendingUntil: null });
      expect(await claims.commit({ referralId: 'ref-1' })).toMatchObject({
        replayed: false,
        seat: { pendingUntil: null },
      });
      expect(seats.commitClaim).toHaveBeenCalledWith(fake.tx, pending.id);

      seats.commitClaim.mockClear();
      for (const seat of [
        { ...pending, pendingUntil: null },
        { ...pending, pendingUntil: null, status: SeatStatus.ENROLLED, enrolledAt: now },
      ]) {
        seats.lockByReferral.mockResolvedValue(seat);
        expect(await claims.commit({ referralId: 'ref-1' })).toMatchObject({ replayed: true });
      }
      expect(seats.commitClaim).not.toHaveBeenCalled();
    });

    it('refuses an unknown referral with NOT_FOUND and a released one with INVALID_STATE', async () => {
      seats.lockByReferral.mockResolvedValue(undefined);
      await expect(claims.commit({ referralId: 'ref-1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      seats.findReleasedReferral.mockResolvedValue({
        referralId: 'ref-1',
        seatId: 's',
        releasedAt: now,
        reason: ReleaseReason.Referral,
      });
      await expect(claims.commit({ referralId: 'ref-1' })).rejects.toMatchObject({
        code: 'INVALID_STATE',
        details: { reason: 'REFERRAL' },
      });
    });
  });

  describe('enrol', () => {
    const committed = aSeat({ status: SeatStatus.CLAIMED, referralId: 'ref-1', claimedAt: now });

    it('enrols a committed claim and records SeatEnrolled', async () => {
      seats.lockByReferral.mockResolvedValue(committed);
      seats.enrol.mockResolvedValue({ ...committed, status: SeatStatus.ENROLLED, enrolledAt: now });
      expect(await claims.enrol({ referralId: 'ref-1' })).toMatchObject({
        seat: { status: 'ENROLLED', enrolledAt: now.toISOString() },
      });
      expect(seats.enrol).toHaveBeenCalledWith(fake.tx, committed.id, now);
      expect(events()).toEqual([
        { type: 'SeatEnrolled', payload: { seatId: committed.id, groupId: 'group-1', referralId: 'ref-1' } },
      ]);
    });

    it('returns an enrolled seat as it is', async () => {
      seats.lockByReferral.mockResolvedValue({ ...committed, status: SeatStatus.ENROLLED, enrolledAt: now });
      expect(await claims.enrol({ referralId: 'ref-1' })).toMatchObject({ seat: { status: 'ENROLLED' } });
      expect(seats.enrol).not.toHaveBeenCalled();
      expect(events()).toEqual([]);
    });

    it('refuses a pending claim with INVALID_STATE: commit first', async () => {
      seats.lockByReferral.mockResolvedValue({ ...committed, pendingUntil: in15min });
      await expect(claims.enrol({ referralId: 'ref-1' })).rejects.toMatchObject({
        code: 'INVALID_STATE',
        details: { pendingUntil: in15min.toISOString() },
      });
      expect(seats.enrol).not.toHaveBeenCalled();
    });

    it('refuses a referral without a seat with NOT_FOUND', async () => {
      seats.lockByReferral.mockResolvedValue(undefined);
      await expect(claims.enrol({ referralId: 'ref-1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('release', () => {
    it("frees a round's holds with one SeatsReleased per group", async () => {
      const held = (groupId: string) => aSeat({ groupId, status: SeatStatus.HELD, offerRoundId: 'round-1' });
      seats.freeHeldForRound.mockResolvedValue([held('group-1'), held('group-2'), held('group-1')]);
      expect(await claims.release({ offerRoundId: 'round-1' })).toEqual({ released: 3 });
      expect(events()).toEqual([
        {
          type: 'SeatsReleased',
          payload: { groupId: 'group-1', count: 2, reason: 'OFFER_ROUND', offerRoundId: 'round-1' },
        },
        {
          type: 'SeatsReleased',
          payload: { groupId: 'group-2', count: 1, reason: 'OFFER_ROUND', offerRoundId: 'round-1' },
        },
      ]);
    });

    it("frees a referral's claim for good, and releases nothing more on a replay", async () => {
      const seat = aSeat({ status: SeatStatus.CLAIMED, referralId: 'ref-1', claimedAt: now, pendingUntil: in15min });
      seats.lockByReferral.mockResolvedValue(seat);
      expect(await claims.release({ referralId: 'ref-1' })).toEqual({ released: 1 });
      expect(seats.freeClaim).toHaveBeenCalledWith(fake.tx, seat.id);
      expect(seats.recordReleasedReferrals).toHaveBeenCalledWith(
        fake.tx,
        [{ referralId: 'ref-1', seatId: seat.id }],
        now,
        ReleaseReason.Referral,
      );
      expect(events()).toEqual([
        { type: 'SeatsReleased', payload: { groupId: 'group-1', count: 1, reason: 'REFERRAL', referralId: 'ref-1' } },
      ]);

      seats.lockByReferral.mockResolvedValue(undefined);
      seats.findReleasedReferral.mockResolvedValue({
        referralId: 'ref-1',
        seatId: seat.id,
        releasedAt: now,
        reason: ReleaseReason.Referral,
      });
      expect(await claims.release({ referralId: 'ref-1' })).toEqual({ released: 0 });
    });

    it('refuses an enrolled seat and an unknown referral', async () => {
      seats.lockByReferral.mockResolvedValue(aSeat({ status: SeatStatus.ENROLLED, referralId: 'ref-1' }));
      await expect(claims.release({ referralId: 'ref-1' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
      seats.lockByReferral.mockResolvedValue(undefined);
      await expect(claims.release({ referralId: 'ref-1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(seats.freeClaim).not.toHaveBeenCalled();
    });
  });

  describe('releaseExpired', () => {
    it('frees expired holds per round and expired claims per referral, recording why', async () => {
      seats.freeExpiredHolds.mockResolvedValue([
        { id: 'h1', groupId: 'group-1', offerRoundId: 'round-1' },
        { id: 'h2', groupId: 'group-1', offerRoundId: 'round-1' },
        { id: 'h3', groupId: 'group-2', offerRoundId: 'round-2' },
      ]);
      seats.freeExpiredClaims.mockResolvedValue([{ id: 'c1', groupId: 'group-1', referralId: 'ref-1' }]);
      expect(await claims.releaseExpired(10)).toEqual({ holds: 3, claims: 1 });
      expect(seats.freeExpiredHolds).toHaveBeenCalledWith(fake.tx, now, 10);
      expect(seats.freeExpiredClaims).toHaveBeenCalledWith(fake.tx, now, 10);
      expect(seats.recordReleasedReferrals).toHaveBeenCalledWith(
        fake.tx,
        [{ referralId: 'ref-1', seatId: 'c1' }],
        now,
        ReleaseReason.ClaimExpired,
      );
      expect(events().map((e) => e.payload)).toEqual([
        { groupId: 'group-1', count: 2, reason: 'HOLD_EXPIRED', offerRoundId: 'round-1' },
        { groupId: 'group-2', count: 1, reason: 'HOLD_EXPIRED', offerRoundId: 'round-2' },
        { groupId: 'group-1', count: 1, reason: 'CLAIM_EXPIRED', referralId: 'ref-1' },
      ]);
    });
  });
});
