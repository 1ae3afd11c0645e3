import { Principal, Role } from '@kezek/auth';
import { ManualClock } from '@kezek/clock';
import { recordEvent } from '@kezek/outbox';
import { DEFAULT_PORTALS, Portal } from '@kezek/portals';
import { fakeDataSource, mockSeatRepository } from './seat.repository.mock';
import { SeatService } from './seat.service';

jest.mock('@kezek/outbox', () => ({ ...jest.requireActual('@kezek/outbox'), recordEvent: jest.fn() }));

describe('SeatService.publish', () => {
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  const now = clock.now();
  const admin: Principal = { userId: 'u', iin: '000000000000', roles: [Role.ADMIN], tokenId: 't' };
  const portal: Portal = DEFAULT_PORTALS.find((p) => p.id === 'astana')!;
  const group = {
    id: 'group-1',
    capacity: 5,
    groupYear: 2022,
    language: 'KK',
    kindergartenId: 'k-1',
    regionId: 'astana',
    districtId: 'astana-esil',
  };
  let seats: ReturnType<typeof mockSeatRepository>;
  let fake: ReturnType<typeof fakeDataSource>;
  let service: SeatService;

  beforeEach(() => {
    jest.mocked(recordEvent).mockClear();
    seats = mockSeatRepository();
    fake = fakeDataSource();
    service = new SeatService(fake.db, clock, seats, { ROUND_GRACE_SECONDS: 600 });
    seats.lockGroupToPublish.mockResolvedValue(group);
    seats.countSeats.mockResolvedValue(3);
  });

  it('publishes free seats within capacity and records SeatsPublished', async () => {
    await service.publish(admin, portal, { groupId: 'group-1', count: 2 });
    // The seats await the round SeatsPublished opens, for the grace at most (R10 before R11).
    expect(seats.publishFreeSeats).toHaveBeenCalledWith(fake.tx, 'group-1', 2, now, new Date(now.getTime() + 600_000));
    expect(jest.mocked(recordEvent).mock.calls.map(([, , e]) => e)).toEqual([
      {
        type: 'SeatsPublished',
        aggregateId: 'group-1',
        payload: {
          groupId: 'group-1',
          kindergartenId: 'k-1',
          regionId: 'astana',
          districtId: 'astana-esil',
          groupYear: 2022,
          language: 'KK',
          count: 2,
        },
        occurredAt: now,
      },
    ]);
  });

  it('publishes nothing beyond capacity, for an unknown group, or outside the portal', async () => {
    await expect(service.publish(admin, portal, { groupId: 'group-1', count: 3 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { room: 2 },
    });
    const almaty = { ...portal, id: 'almaty', regionIds: ['almaty'] };
    await expect(service.publish(admin, almaty, { groupId: 'group-1', count: 1 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    seats.lockGroupToPublish.mockResolvedValue(undefined);
    await expect(service.publish(admin, portal, { groupId: 'group-1', count: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(seats.publishFreeSeats).not.toHaveBeenCalled();
  });

  it('publishes once per requestId: a retry publishes nothing, another publication under it is refused', async () => {
    const request = { requestId: 'req-1', groupId: 'group-1', count: 2, publishedAt: now };
    seats.createPublishRequest.mockResolvedValue(true);
    await service.publish(admin, portal, { groupId: 'group-1', count: 2, requestId: 'req-1' });
    expect(seats.createPublishRequest).toHaveBeenCalledWith(fake.tx, request);
    expect(seats.publishFreeSeats).toHaveBeenCalledTimes(1);

    seats.createPublishRequest.mockResolvedValue(false);
    seats.findPublishRequest.mockResolvedValue(request);
    await service.publish(admin, portal, { groupId: 'group-1', count: 2, requestId: 'req-1' });
    await expect(
      service.publish(admin, portal, { groupId: 'group-1', count: 1, requestId: 'req-1' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(seats.publishFreeSeats).toHaveBeenCalledTimes(1);
    expect(recordEvent).toHaveBeenCalledTimes(1);
  });
});
