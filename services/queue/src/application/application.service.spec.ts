import { DataSource } from 'typeorm';
import { Principal, Role } from '@kezek/auth';
import { DEFAULT_PORTALS } from '@kezek/portals';
import { Application } from './application.entity';
import { ApplicationService } from './application.service';
import { JournalRepository } from './journal.repository';
import { journalArgs } from './journal.schema';

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const astana = DEFAULT_PORTALS.find((p) => p.id === 'astana')!;
const operator: Principal = {
  userId: ID(99),
  iin: '900101300017',
  roles: [Role.DISTRICT_OPERATOR],
  scopes: { regionIds: ['astana'] },
  tokenId: 't',
};

describe('ApplicationService.journal', () => {
  let rows: jest.Mocked<Pick<JournalRepository, 'page' | 'count' | 'queueKeyAt'>>;
  let service: ApplicationService;

  beforeEach(() => {
    rows = { page: jest.fn(), count: jest.fn(), queueKeyAt: jest.fn() };
    service = new ApplicationService({} as DataSource, rows as unknown as JournalRepository);
    jest
      .spyOn(service, 'findByIds')
      .mockImplementation(async (ids) => ids.map((id) => ({ id }) as Application).reverse());
  });

  const page = (ids: number[]) => ids.map((n) => ({ id: ID(n), keys: [`2025-01-0${n}T00:00:00.000000Z`] }));

  it('counts on the first page only; later pages carry the count in their cursor', async () => {
    rows.page.mockResolvedValueOnce(page([1, 2, 3]));
    rows.count.mockResolvedValueOnce(250_000);
    const first = await service.journal(operator, astana, journalArgs.parse({ first: 2 }));
    expect(first.items.map((a) => a.id)).toEqual([ID(1), ID(2)]);
    expect(first.totalCount).toBe(250_000);

    rows.page.mockResolvedValueOnce(page([3]));
    const second = await service.journal(operator, astana, journalArgs.parse({ first: 2, after: first.nextCursor }));
    expect(rows.count).toHaveBeenCalledTimes(1);
    expect(second).toMatchObject({ totalCount: 250_000, nextCursor: null });
    expect(rows.page.mock.calls[1][4]).toMatchObject({ keys: ['2025-01-02T00:00:00.000000Z'], id: ID(2) });
  });

  it('answers a queue number past the end of the queue without reading the journal', async () => {
    rows.queueKeyAt.mockResolvedValueOnce(null);
    const args = journalArgs.parse({ filter: { queueAreaId: 'astana', groupYear: 2023, queueNumberFrom: 900 } });
    expect(await service.journal(operator, astana, args)).toEqual({ items: [], totalCount: 0, nextCursor: null });
    expect(rows.queueKeyAt).toHaveBeenCalledWith('astana', 2023, 900);
    expect(rows.page).not.toHaveBeenCalled();
  });

  it('bounds a range by the keys of its first and last places; past the end it runs to the end', async () => {
    const fifth = { createdAt: '2025-01-05T00:00:00.000000Z', number: 'УО.2025.000005.1' };
    rows.queueKeyAt.mockResolvedValueOnce(fifth).mockResolvedValueOnce(null);
    rows.page.mockResolvedValueOnce([]);
    rows.count.mockResolvedValueOnce(0);
    const filter = { queueAreaId: 'astana', groupYear: 2023, queueNumberFrom: 5, queueNumberTo: 900 };
    await service.journal(operator, astana, journalArgs.parse({ filter }));
    expect(rows.page.mock.calls[0][2]).toEqual({ from: fifth });
  });
});
