import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { DomainError } from '@kezek/errors';
import { recordEvent } from '@kezek/outbox';
import { Portal } from '@kezek/portals';
import { SERVICE_CONFIG } from '@kezek/service-runtime';
import { ROUND_GRACE_SECONDS, VacanciesConfig } from '../config';
import { assertCanManageRegion } from '../kindergarten/access.rules';
import { assertCanPublish, awaitingRoundUntil } from './seat.rules';
import { SeatEvent, VACANCIES_SCHEMA } from './seat-events';
import { OpenSeats, SeatRepository } from './seat.repository';

export interface PublishSeats {
  groupId: string;
  count: number;
  /** Deduplicates retries: the same id publishes once; reused for another publication it is refused. */
  requestId?: string;
}

@Injectable()
export class SeatService {
  private readonly roundGraceSeconds: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly seats: SeatRepository,
    // A configuration a test or a bench builds by hand may lack the setting: the default then.
    @Inject(SERVICE_CONFIG) config: Partial<Pick<VacanciesConfig, 'ROUND_GRACE_SECONDS'>>,
  ) {
    this.roundGraceSeconds = config.ROUND_GRACE_SECONDS ?? ROUND_GRACE_SECONDS.default;
  }

  /**
   * Adds `count` free seats to a group and records SeatsPublished in the same transaction. The
   * seats await the offer round the event opens (R10): free choice only once it has seen them,
   * or after the grace should it never come.
   */
  async publish(principal: Principal, portal: Portal, input: PublishSeats): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const group = await this.seats.lockGroupToPublish(tx, input.groupId);
      if (!group) throw new DomainError('NOT_FOUND', `group ${input.groupId} not found`);
      assertCanManageRegion(principal, portal, group.regionId);
      if (input.requestId) {
        const request = { requestId: input.requestId, groupId: input.groupId, count: input.count, publishedAt: now };
        if (!(await this.seats.createPublishRequest(tx, request))) {
          const previous = (await this.seats.findPublishRequest(tx, input.requestId))!;
          if (previous.groupId === input.groupId && previous.count === input.count) return;
          throw new DomainError('VALIDATION_FAILED', 'requestId was used for another publication', {
            fields: [{ field: 'requestId', problem: 'already used' }],
          });
        }
      }
      assertCanPublish(group.capacity, await this.seats.countSeats(tx, input.groupId), input.count);
      await this.seats.publishFreeSeats(
        tx,
        input.groupId,
        input.count,
        now,
        awaitingRoundUntil(now, this.roundGraceSeconds),
      );
      await recordEvent(tx, VACANCIES_SCHEMA, {
        type: SeatEvent.Published,
        aggregateId: input.groupId,
        payload: {
          groupId: input.groupId,
          kindergartenId: group.kindergartenId,
          regionId: group.regionId,
          districtId: group.districtId,
          groupYear: group.groupYear,
          language: group.language,
          count: input.count,
        },
        occurredAt: now,
      });
    });
  }

  /** Per group, its seats free choice may take now and those awaiting their round: counted from the rows, never stored. */
  openSeats(groupIds: string[]): Promise<Map<string, OpenSeats>> {
    return this.seats.countOpenSeats(this.db.manager, groupIds, this.clock.now());
  }
}
