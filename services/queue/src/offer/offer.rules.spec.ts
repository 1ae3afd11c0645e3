import {
  holdSeconds,
  isCurrentOffer,
  nextRoundBatch,
  roundAreas,
  roundPublications,
  WaitingPublication,
} from './offer.rules';

describe('offer rules', () => {
  it('an offer is the child’s until the last instant of its window, not after', () => {
    const expiresAt = new Date('2026-12-02T13:00:00Z');
    expect(isCurrentOffer({ expiresAt }, new Date('2026-12-02T12:59:59.999Z'))).toBe(true);
    expect(isCurrentOffer({ expiresAt }, expiresAt)).toBe(true);
    expect(isCurrentOffer({ expiresAt }, new Date('2026-12-02T13:00:00.001Z'))).toBe(false);
  });

  it('serves a group district and city queues, holding in the district (R4)', () => {
    expect(roundAreas({ regionId: 'astana', districtId: 'esil' })).toEqual({
      areaIds: ['esil', 'astana'],
      holdAreaId: 'esil',
    });
  });

  it('holds the seats to the end of the window and an hour more', () => {
    expect(holdSeconds(new Date('2026-03-02T05:00:00Z'), new Date('2026-03-05T18:59:59.999Z'))).toBe(
      3 * 86400 + 14 * 3600 + 3600,
    );
  });

  describe('nextRoundBatch', () => {
    const pub = (eventId: string, seats: number, holdAreaId = 'esil'): WaitingPublication => ({
      eventId,
      groupId: `g-${eventId}`,
      areaIds: [holdAreaId, 'astana'],
      holdAreaId,
      seats,
      publishedAt: null,
    });

    it('takes nothing when nothing waits', () => {
      expect(nextRoundBatch([], 1000)).toEqual([]);
    });

    it('merges the waiting publications of the first one area, in order, within the seat limit', () => {
      const waiting = [pub('a', 400), pub('b', 25, 'saryarka'), pub('c', 500), pub('d', 200), pub('e', 50)];
      expect(nextRoundBatch(waiting, 1000).map((p) => p.eventId)).toEqual(['a', 'c']);
    });

    it('takes a lone publication even when it alone fills the limit', () => {
      expect(nextRoundBatch([pub('a', 1000), pub('b', 1)], 1000).map((p) => p.eventId)).toEqual(['a']);
    });

    it('gives a retried round the same first publication and at least the seats it asked for', () => {
      const before = [pub('a', 25), pub('b', 25)];
      const after = [...before, pub('c', 25), pub('d', 950)];
      const first = nextRoundBatch(before, 1000);
      const retried = nextRoundBatch(after, 1000);
      expect(retried[0].eventId).toBe(first[0].eventId);
      expect(retried.slice(0, first.length)).toEqual(first);
      expect(retried.map((p) => p.eventId)).toEqual(['a', 'b', 'c']);
    });
  });

  describe('roundPublications', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 5, minute));
    const pub = (eventId: string, seats: number, minute: number | null, holdAreaId = 'esil'): WaitingPublication => ({
      eventId,
      groupId: `g-${eventId}`,
      areaIds: [holdAreaId, 'astana'],
      holdAreaId,
      seats,
      publishedAt: minute === null ? null : at(minute),
    });

    it('names each publication of the batch by its group and instant, whatever the order they arrived in', () => {
      const waiting = [pub('a', 5, 3), pub('b', 5, 1), pub('c', 5, 2, 'saryarka')];
      expect(roundPublications(nextRoundBatch(waiting, 1000))).toEqual([
        { groupId: 'g-a', publishedAt: at(3).toISOString() },
        { groupId: 'g-b', publishedAt: at(1).toISOString() },
      ]);
    });

    it('names none of the publications left for a later round', () => {
      const waiting = [pub('a', 600, 3), pub('b', 600, 2), pub('c', 5, 4)];
      const batch = nextRoundBatch(waiting, 1000);
      expect(batch.map((p) => p.eventId)).toEqual(['a']);
      expect(roundPublications(batch)).toEqual([{ groupId: 'g-a', publishedAt: at(3).toISOString() }]);
    });

    it('cannot name a publication recorded without its instant', () => {
      expect(roundPublications([pub('a', 5, null), pub('b', 5, 1)])).toEqual([
        { groupId: 'g-b', publishedAt: at(1).toISOString() },
      ]);
    });
  });
});
