import { DataSource, EntityManager } from 'typeorm';
import { Seat } from './seat.entity';
import { SeatStatus } from './seat-lifecycle';
import { SeatRepository } from './seat.repository';

/** For unit specs: every SeatRepository method a jest mock (immich's habit), so services run without PostgreSQL. */
export function mockSeatRepository(): jest.Mocked<SeatRepository> {
  const repository: Record<string, jest.Mock> = {};
  for (const name of Object.getOwnPropertyNames(SeatRepository.prototype))
    if (name !== 'constructor') repository[name] = jest.fn();
  return repository as unknown as jest.Mocked<SeatRepository>;
}

/** A DataSource whose transactions run at once on `tx`, an EntityManager that is never queried. */
export function fakeDataSource(): { db: DataSource; tx: EntityManager } {
  const tx = { query: jest.fn() } as unknown as EntityManager;
  const db = {
    manager: tx,
    transaction: (work: (tx: EntityManager) => Promise<unknown>) => work(tx),
  } as unknown as DataSource;
  return { db, tx };
}

let n = 0;
export function aSeat(o: Partial<Seat> = {}): Seat {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    groupId: 'group-1',
    status: SeatStatus.FREE,
    publishedAt: new Date('2026-03-01T00:00:00Z'),
    offerRoundId: null,
    heldUntil: null,
    referralId: null,
    claimedAt: null,
    pendingUntil: null,
    enrolledAt: null,
    awaitingRoundUntil: null,
    ...o,
  };
}
