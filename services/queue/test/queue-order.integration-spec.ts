import { DataSource } from 'typeorm';
import { createDataSource } from '@kezek/database';
import { DEFAULT_POLICY, PortalPolicy, resolvePolicy } from '@kezek/policy';
import { seededRandom } from '@kezek/seeded-random';
import { createTestDatabase } from '@kezek/testing';
import { queueData } from '../src/data-source';
import { ApplicationStatus, IN_QUEUE_STATUSES } from '../src/application/models/application-status.enum';
import { Privilege } from '../src/application/models/privilege.enum';
import { AllocationCandidate, allocationOrder, byQueueOrder } from '../src/allocation/allocation-order.rules';
import { AllocationRepository } from '../src/allocation/allocation.repository';
import { AllocationService } from '../src/allocation/allocation.service';
import { PositionRepository, QueuePosition } from '../src/position/position.repository';

/** What a test says about an application; the rest is filled in. */
interface Filing {
  privilege?: Privilege;
  status?: ApplicationStatus;
  queueAreaId?: string;
  groupYear?: number;
  /** timestamptz text, microseconds kept */
  createdAt?: string;
  number?: string;
  birthDate?: string;
  onStopListUntil?: string | null;
}

describe('queue order on real PostgreSQL: positions (R5, R6) and allocation (R7, R8)', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let positions: PositionRepository;
  let allocation: AllocationService;

  let seq = 0;
  /**
   * Puts applications straight into the table, in one statement; returns their ids in order. The
   * order's edge cases (microsecond ties broken by number, thousands of rows) need rows the filing
   * code does not make: it stamps the clock's millisecond and the next number.
   */
  async function file(filings: Filing[]): Promise<string[]> {
    const rows = filings.map((f) => {
      seq += 1;
      return {
        number: f.number ?? `УО.2025.${String(seq).padStart(6, '0')}.1`,
        child_iin: String(seq).padStart(12, '0'),
        child_full_name: `CHILD ${seq}`,
        child_birth_date: f.birthDate ?? '2024-01-15',
        applicant_id: '11111111-1111-4111-8111-111111111111',
        applicant_ids: ['11111111-1111-4111-8111-111111111111'],
        applicant_full_name: 'PARENT',
        portal_id: 'astana',
        privilege: f.privilege ?? Privilege.NONE,
        // Every row has the same columns: a privilege's document, or none.
        ...Object.fromEntries(
          Object.entries({ kind: 'certificate', number: `N-${seq}`, issued_on: '2024-12-01', issuer: 'issuer' }).map(
            ([k, v]) => [`privilege_document_${k}`, f.privilege && f.privilege !== Privilege.NONE ? v : null],
          ),
        ),
        status: f.status ?? ApplicationStatus.IN_QUEUE,
        group_year: f.groupYear ?? 2024,
        region_id: 'astana',
        queue_area_id: f.queueAreaId ?? 'astana',
        created_at: f.createdAt ?? new Date(Date.UTC(2025, 0, 1) + seq * 1000).toISOString(),
        in_queue_since: '2025-01-01T00:00:00Z',
        last_changed_at: '2025-01-01T00:00:00Z',
        on_stop_list_until: f.onStopListUntil ?? null,
      };
    });
    const columns = Object.keys(rows[0]).join(', ');
    const inserted: Array<{ id: string }> = await db.query(
      `INSERT INTO application (${columns}) SELECT ${columns} FROM json_populate_recordset(null::application, $1)
       RETURNING id`,
      [JSON.stringify(rows)],
    );
    return inserted.map((r) => r.id);
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await createDataSource(queueData, testDb.url).initialize();
    positions = new PositionRepository(db);
    allocation = new AllocationService(new AllocationRepository(db));
  });

  afterAll(async () => {
    await db?.destroy();
    await testDb?.drop();
  });

  describe('positions', () => {
    const at = (ids: string[]) => positions.positionsOf(ids).then((p) => ids.map((id) => p.get(id) ?? null));
    const place = (queueNumber: number, privilegedQueueNumber: number): QueuePosition => ({
      queueNumber,
      privilegedQueueNumber,
    });

    it('counts the children holding a place; a referral holder sees its place but pushes nobody back', async () => {
      const area = { queueAreaId: 'positions-1' };
      const ids = await file([
        { ...area, privilege: Privilege.FIRST_PRIORITY },
        { ...area, status: ApplicationStatus.NOTIFIED },
        { ...area, status: ApplicationStatus.REFERRAL_ISSUED, privilege: Privilege.FIRST_PRIORITY },
        { ...area, onStopListUntil: '2099-01-01T00:00:00Z' },
        { ...area, status: ApplicationStatus.ENROLLED },
        { ...area, status: ApplicationStatus.WITHDRAWN },
        { ...area, status: ApplicationStatus.REMOVED },
        { ...area, privilege: Privilege.FIRST_PRIORITY },
        { ...area, privilege: Privilege.OUT_OF_TURN },
        { ...area, groupYear: 2023 },
      ]);
      expect(await at(ids)).toEqual([
        place(1, 1),
        place(2, 0),
        place(3, 2), // where revoking its referral returns it (R15)
        place(3, 0), // the stop-list keeps the place
        null,
        null,
        null,
        place(4, 2),
        place(5, 1),
        place(1, 0),
      ]);
    });

    it('orders by the filing instant to the microsecond, then by number', async () => {
      const area = { queueAreaId: 'positions-2' };
      const [late, early, tieB, tieA] = await file([
        { ...area, createdAt: '2025-03-01T10:00:00.000002Z' },
        { ...area, createdAt: '2025-03-01T10:00:00.000001Z' },
        { ...area, createdAt: '2025-03-01T10:00:00.000003Z', number: 'УО.2025.900002.1' },
        { ...area, createdAt: '2025-03-01T10:00:00.000003Z', number: 'УО.2025.900001.1' },
      ]);
      expect(await at([early, late, tieA, tieB])).toEqual([place(1, 0), place(2, 0), place(3, 0), place(4, 0)]);
    });
  });

  describe('on a generated queue', () => {
    const AREA = 'generated';
    const random = seededRandom(20260302);
    const pick = <T>(weighted: Array<[T, number]>): T => {
      let r = random() * weighted.reduce((s, [, w]) => s + w, 0);
      for (const [v, w] of weighted) if ((r -= w) < 0) return v;
      return weighted[weighted.length - 1][0];
    };
    let partition: Array<AllocationCandidate & { queueAreaId: string; groupYear: number }>;

    beforeAll(async () => {
      const filings: Filing[] = [];
      for (let i = 0; i < 4000; i++) {
        const born = Date.UTC(2024, 0, 1) + Math.floor(random() * 366) * 86_400_000;
        // Filed weeks after birth, a few in the same microsecond as the one before (ties by number).
        const filed =
          i % 97 === 0 && filings.length
            ? filings[filings.length - 1].createdAt!
            : new Date(born + Math.floor(random() * 120 * 86_400_000)).toISOString().replace('Z', '') +
              String(Math.floor(random() * 1000)).padStart(3, '0') +
              'Z';
        filings.push({
          queueAreaId: i % 10 === 0 ? 'generated-elsewhere' : AREA,
          groupYear: i % 7 === 0 ? 2023 : 2024,
          birthDate: new Date(born).toISOString().slice(0, 10),
          createdAt: filed,
          privilege: pick([
            [Privilege.NONE, 80],
            [Privilege.FIRST_PRIORITY, 15],
            [Privilege.OUT_OF_TURN, 5],
          ]),
          status: pick([
            [ApplicationStatus.IN_QUEUE, 80],
            [ApplicationStatus.NOTIFIED, 5],
            [ApplicationStatus.REFERRAL_ISSUED, 5],
            [ApplicationStatus.ENROLLED, 5],
            [ApplicationStatus.WITHDRAWN, 3],
            [ApplicationStatus.REMOVED, 2],
          ]),
          onStopListUntil: random() < 0.05 ? `2026-0${3 + Math.floor(random() * 3)}-10T18:59:59.999Z` : null,
        });
      }
      await file(filings);
      await db.query('ANALYZE application');
      partition = await db.query(
        `SELECT id, number, privilege, status, queue_area_id AS "queueAreaId", group_year AS "groupYear",
                to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "filedAt",
                to_char(child_birth_date, 'YYYY-MM-DD') AS "birthDate", on_stop_list_until AS "onStopListUntil"
         FROM application WHERE queue_area_id LIKE 'generated%'`,
      );
    });

    it('gives every application the position its filing order gives it', async () => {
      const counted = new Set<string>(IN_QUEUE_STATUSES);
      const numbered = new Set<string>([...IN_QUEUE_STATUSES, ApplicationStatus.REFERRAL_ISSUED]);
      const expected = new Map<string, QueuePosition>();
      for (const c of partition.filter((p) => numbered.has(p.status))) {
        const ahead = partition.filter(
          (p) =>
            p.queueAreaId === c.queueAreaId &&
            p.groupYear === c.groupYear &&
            counted.has(p.status) &&
            byQueueOrder(p, c) < 0,
        );
        expected.set(c.id, {
          queueNumber: ahead.length + 1,
          privilegedQueueNumber:
            c.privilege === Privilege.NONE ? 0 : ahead.filter((p) => p.privilege === c.privilege).length + 1,
        });
      }
      const actual = new Map<string, QueuePosition>();
      const ids = partition.map((p) => p.id);
      for (let i = 0; i < ids.length; i += 500)
        for (const [id, pos] of await positions.positionsOf(ids.slice(i, i + 500))) actual.set(id, pos);
      expect(actual.size).toBe(expected.size);
      expect(actual).toEqual(expected);
    });

    it.each<[string, string, PortalPolicy]>([
      ['before most of the year group is two', '2026-03-02T05:00:00Z', DEFAULT_POLICY],
      ['in autumn, with stop-lists over', '2026-09-01T04:00:00Z', DEFAULT_POLICY],
      [
        'with interleave 2 : 1',
        '2026-06-15T04:00:00Z',
        resolvePolicy({ interleave: { firstPriority: 2, general: 1 } }),
      ],
    ])('nextEligible reads the heads of the queue and agrees with the whole partition: %s', async (_, iso, policy) => {
      const at = new Date(iso);
      for (const groupYear of [2023, 2024]) {
        const whole = allocationOrder(
          partition.filter((p) => p.queueAreaId === AREA && p.groupYear === groupYear),
          at,
          policy,
        );
        expect(whole.length).toBeGreaterThan(0);
        for (const n of [1, 4, 7, 50, 333, whole.length + 5]) {
          const next = await allocation.nextEligible(AREA, groupYear, n, at, policy);
          expect(next.map((c) => c.id)).toEqual(whole.slice(0, n).map((c) => c.id));
        }
      }
    });
  });
});
