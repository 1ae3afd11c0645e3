import { DEFAULT_POLICY } from '@kezek/policy';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { Privilege } from '../application/models/privilege.enum';
import { AllocationCandidate } from './allocation-order.rules';
import { AllocationRepository } from './allocation.repository';
import { AllocationService } from './allocation.service';

const candidate = (id: string, privilege: Privilege, second: number): AllocationCandidate => ({
  id,
  number: `УО.2025.00000${second}.1`,
  privilege,
  filedAt: `2025-01-01T00:00:0${second}.000000Z`,
  birthDate: '2023-05-01',
  status: ApplicationStatus.IN_QUEUE,
  onStopListUntil: null,
});

describe('AllocationService.nextEligible', () => {
  it('asks each category for n eligible children born early enough, and merges them in allocation order', async () => {
    const eligibleHeads = jest
      .fn<ReturnType<AllocationRepository['eligibleHeads']>, []>()
      .mockResolvedValue([
        candidate('general-1', Privilege.NONE, 1),
        candidate('general-2', Privilege.NONE, 2),
        candidate('first-1', Privilege.FIRST_PRIORITY, 3),
        candidate('out-1', Privilege.OUT_OF_TURN, 4),
      ]);
    const allocation = new AllocationService({ eligibleHeads } as unknown as AllocationRepository);
    const at = new Date('2026-03-01T19:30:00Z'); // already 2 March in Almaty

    const next = await allocation.nextEligible('astana', 2023, 3, at, DEFAULT_POLICY);

    expect(eligibleHeads).toHaveBeenCalledWith({
      queueAreaId: 'astana',
      groupYear: 2023,
      limit: 3,
      at,
      latestBirthDate: '2024-03-02',
    });
    expect(next.map((c) => c.id)).toEqual(['out-1', 'first-1', 'general-1']);
  });
});
