import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '@kezek/auth';
import { Clock } from '@kezek/clock';
import { DomainError } from '@kezek/errors';
import { recordEvent } from '@kezek/outbox';
import { Portal } from '@kezek/portals';
import { assertCanManageRegion } from '../kindergarten/access';
import { assertCanPublish } from './seat-rules';
import { SeatEvent, VACANCIES_SCHEMA } from './seat-events';

export interface PublishSeats {
  groupId: string;
  count: number;
  /** Deduplicates retries: the same id publishes once; reused for another publication it is refused. */
  requestId?: string;
}

@Injectable()
export class SeatService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Adds `count` free seats to a group and records SeatsPublished in the same transaction. */
  async publish(principal: Principal, portal: Portal, input: PublishSeats): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      // The group row lock serialises publications (and their request ids) per group.
      const [group] = await tx.query(
        `SELECT g.id, g.capacity, g.group_year, g.language, k.id AS kindergarten_id, k.region_id, k.district_id
           FROM "group" g JOIN kindergarten k ON k.id = g.kindergarten_id WHERE g.id = $1 FOR UPDATE OF g`,
        [input.groupId],
      );
      if (!group) throw new DomainError('NOT_FOUND', `group ${input.groupId} not found`);
      assertCanManageRegion(principal, portal, group.region_id);
      if (input.requestId) {
        // A concurrent retry waits on the key until the first commits, then counts as a replay.
        const [created] = await tx.query(
          `INSERT INTO publish_request (request_id, group_id, count, published_at) VALUES ($1, $2, $3, $4) ON CONFLICT (request_id) DO NOTHING RETURNING request_id`,
          [input.requestId, input.groupId, input.count, now],
        );
        if (!created) {
          const [previous] = await tx.query(`SELECT group_id, count FROM publish_request WHERE request_id = $1`, [
            input.requestId,
          ]);
          if (previous.group_id === input.groupId && previous.count === input.count) return;
          throw new DomainError('VALIDATION_FAILED', 'requestId was used for another publication', {
            fields: [{ field: 'requestId', problem: 'already used' }],
          });
        }
      }
      const [{ seats }] = await tx.query(`SELECT count(*)::int AS seats FROM seat WHERE group_id = $1`, [
        input.groupId,
      ]);
      assertCanPublish(group.capacity, seats, input.count);
      await tx.query(
        `INSERT INTO seat (group_id, status, published_at) SELECT $1, 'FREE', $2 FROM generate_series(1, $3)`,
        [input.groupId, now, input.count],
      );
      await recordEvent(tx, VACANCIES_SCHEMA, {
        type: SeatEvent.Published,
        aggregateId: input.groupId,
        payload: {
          groupId: input.groupId,
          kindergartenId: group.kindergarten_id,
          regionId: group.region_id,
          districtId: group.district_id,
          groupYear: group.group_year,
          language: group.language,
          count: input.count,
        },
        occurredAt: now,
      });
    });
  }

  /** Free seats per group: counted from the rows, never stored. */
  async freeSeats(groupIds: string[]): Promise<Map<string, number>> {
    const rows: Array<{ group_id: string; free: number }> = await this.db.query(
      `SELECT group_id, count(*)::int AS free FROM seat WHERE group_id = ANY($1::uuid[]) AND status = 'FREE' GROUP BY group_id`,
      [groupIds],
    );
    return new Map(rows.map((r) => [r.group_id, r.free]));
  }
}
