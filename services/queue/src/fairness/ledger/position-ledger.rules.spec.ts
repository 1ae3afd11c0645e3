import { ApplicationStatus } from '../../application/models/application-status.enum';
import { PositionCause, positionEvent } from './position-ledger.rules';

const { IN_QUEUE, NOTIFIED, REFERRAL_ISSUED, WITHDRAWN, REMOVED, ENROLLED } = ApplicationStatus;
const at = '2026-03-02T05:00:00.000000Z';
const change = (action: string, fromStatus: ApplicationStatus | null, toStatus: ApplicationStatus) =>
  positionEvent({ at, action, fromStatus, toStatus });

describe('positionEvent (R5, R6)', () => {
  it('moves a number down when a child ahead leaves the counted statuses, naming only the kind of event', () => {
    expect(change('REFERRAL_ISSUED', NOTIFIED, REFERRAL_ISSUED)).toEqual({
      at,
      delta: -1,
      cause: PositionCause.REFERRAL_AHEAD,
    });
    expect(change('REFERRAL_ISSUED_FREE_CHOICE', IN_QUEUE, REFERRAL_ISSUED)?.cause).toBe(PositionCause.REFERRAL_AHEAD);
    expect(change('WITHDRAWN', NOTIFIED, WITHDRAWN)?.cause).toBe(PositionCause.WITHDRAWN_AHEAD);
    expect(change('REMOVED', IN_QUEUE, REMOVED)?.cause).toBe(PositionCause.REMOVED_AHEAD);
    expect(change('ENROLLED', IN_QUEUE, ENROLLED)?.cause).toBe(PositionCause.LEFT_AHEAD);
  });

  it('moves it up when a child returns ahead', () => {
    expect(change('REFERRAL_REVOKED', REFERRAL_ISSUED, IN_QUEUE)).toEqual({
      at,
      delta: 1,
      cause: PositionCause.REVOKED_RETURNED_AHEAD,
    });
    expect(change('REFERRAL_EXPIRED', REFERRAL_ISSUED, IN_QUEUE)?.cause).toBe(PositionCause.EXPIRED_RETURNED_AHEAD);
    expect(change('PRIVILEGE_REFUSED', REFERRAL_ISSUED, IN_QUEUE)?.cause).toBe(
      PositionCause.PRIVILEGE_REFUSED_RETURNED_AHEAD,
    );
    expect(change('FILED', null, IN_QUEUE)?.cause).toBe(PositionCause.FILED_AHEAD);
  });

  it('leaves it alone for offers, lapses and changes outside the queue', () => {
    expect(change('OFFER_MADE', IN_QUEUE, NOTIFIED)).toBeNull();
    expect(change('OFFER_LAPSED', NOTIFIED, IN_QUEUE)).toBeNull();
    expect(change('ENROLLED', REFERRAL_ISSUED, ENROLLED)).toBeNull();
    expect(change('REMOVED_AFTER_EXPIRED_REFERRALS', REFERRAL_ISSUED, REMOVED)).toBeNull();
  });
});
