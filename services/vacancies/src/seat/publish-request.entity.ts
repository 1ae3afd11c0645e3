import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A `publishSeats(requestId)`: a retry with the same id publishes nothing again. */
@Entity('publish_request')
export class PublishRequest {
  @PrimaryColumn('text', { name: 'request_id' })
  requestId: string;

  @Column('uuid', { name: 'group_id' })
  groupId: string;

  @Column('int')
  count: number;

  @Column('timestamptz', { name: 'published_at' })
  publishedAt: Date;
}
