import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An offer round's first hold: a replay of the round id holds nothing fresh, and must repeat these terms. */
@Entity('offer_round')
export class OfferRound {
  /** Chosen by the queue service. */
  @PrimaryColumn('text')
  id: string;

  /** A region or a district: holds take state kindergartens of either. */
  @Column('text', { name: 'area_id' })
  areaId: string;

  @Column('int', { name: 'group_year' })
  groupYear: number;

  /** How many seats the first hold asked for. */
  @Column('int')
  requested: number;

  @Column('timestamptz', { name: 'held_at' })
  heldAt: Date;
}
