import { DEFAULT_POLICY, resolvePolicy } from '@kezek/policy';
import { offerNoticeReached, offerWindowEnd } from './offer-window.rules';

const FROM_DELIVERY = resolvePolicy({ offerWindowFromDelivery: true });
// An offer sent on Monday 1 March 2027: 3 working days end with Thursday 4 March, Almaty time.
const SENT_END = new Date('2027-03-04T18:59:59.999Z');
// The round's bound, 3 working days after Thursday 4 March, skipping 8 March (a holiday): Wednesday 10 March.
const LATEST = new Date('2027-03-10T18:59:59.999Z');

describe('the offer window from delivery (R10, offerWindowFromDelivery)', () => {
  const end = (policy: typeof DEFAULT_POLICY, reachedAt: string, windowFromReach: string) =>
    offerWindowEnd({
      policy,
      sentWindowEndsAt: SENT_END,
      reachedAt: new Date(reachedAt),
      windowFromReach: new Date(windowFromReach),
      latestWindowEndsAt: LATEST,
    });

  it('keeps the window counted from sending with the setting off (the default), whenever the parent was reached', () => {
    expect(DEFAULT_POLICY.offerWindowFromDelivery).toBe(false);
    expect(end(DEFAULT_POLICY, '2027-03-02T05:00:00Z', '2027-03-05T18:59:59.999Z')).toEqual(SENT_END);
  });

  it('starts the window at the reach when the setting is on and the parent was reached in time', () => {
    // Reached on Tuesday 2 March: 3 working days end with Friday 5 March.
    expect(end(FROM_DELIVERY, '2027-03-02T05:00:00Z', '2027-03-05T18:59:59.999Z')).toEqual(
      new Date('2027-03-05T18:59:59.999Z'),
    );
    // Reached in the window's last millisecond: still in time.
    expect(end(FROM_DELIVERY, SENT_END.toISOString(), '2027-03-10T18:59:59.999Z')).toEqual(LATEST);
  });

  it('changes nothing for a parent first reached after the window counted from sending ended', () => {
    const late = new Date(SENT_END.getTime() + 1).toISOString();
    expect(end(FROM_DELIVERY, late, '2027-03-10T18:59:59.999Z')).toEqual(SENT_END);
  });

  it("never ends before the sending-based end nor after the round's latest end", () => {
    // A reach on the sending day (the calendar gives the same day as sending).
    expect(end(FROM_DELIVERY, '2027-03-01T05:00:00Z', '2027-03-04T18:59:59.999Z')).toEqual(SENT_END);
    // A calendar changed since the round opened (a holiday added) must not outrun the held seats.
    expect(end(FROM_DELIVERY, '2027-03-04T05:00:00Z', '2027-03-11T18:59:59.999Z')).toEqual(LATEST);
    // An impossible reach before sending still keeps at least the sending-based window.
    expect(end(FROM_DELIVERY, '2027-02-26T05:00:00Z', '2027-03-03T18:59:59.999Z')).toEqual(SENT_END);
  });

  it('reads the event and refuses one without its facts', () => {
    const offerId = '11111111-1111-4111-8111-111111111111';
    const applicationId = '22222222-2222-4222-8222-222222222222';
    expect(offerNoticeReached({ offerId, applicationId, reachedAt: '2027-03-02T05:00:00.000Z' })).toEqual({
      offerId,
      applicationId,
      reachedAt: new Date('2027-03-02T05:00:00Z'),
    });
    expect(() => offerNoticeReached({ offerId, applicationId, reachedAt: 'soon' })).toThrow(/missing a field/);
    expect(() => offerNoticeReached({ offerId, reachedAt: '2027-03-02T05:00:00Z' })).toThrow(/missing a field/);
  });
});
