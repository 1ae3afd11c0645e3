import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * R10: publications of seats wait in `seat_publication` until a round takes them, so a burst of
 * publications of one group year opens a few merged rounds instead of one transaction each. A
 * round names the groups whose publications it took (the kindergartens a revocation blocks, R15).
 */
export class SeatPublications1767720000000 implements MigrationInterface {
  name = 'SeatPublications1767720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE queue.offer_round ADD COLUMN group_ids uuid[];
      UPDATE queue.offer_round SET group_ids = ARRAY[group_id];
      ALTER TABLE queue.offer_round ALTER COLUMN group_ids SET NOT NULL,
        ADD CONSTRAINT offer_round_group_ids_check CHECK (cardinality(group_ids) > 0),
        DROP COLUMN group_id;

      -- One row per SeatsPublished event (its id): a redelivered event adds nothing.
      CREATE TABLE queue.seat_publication (
        event_id text PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        portal_id text NOT NULL,
        group_id uuid NOT NULL,
        area_ids text[] NOT NULL,
        hold_area_id text NOT NULL,
        group_year int NOT NULL,
        seats int NOT NULL CHECK (seats > 0),
        received_at timestamptz NOT NULL,
        round_id text REFERENCES queue.offer_round(id)
      );
      CREATE INDEX seat_publication_waiting_idx ON queue.seat_publication (portal_id, group_year, seq)
        WHERE round_id IS NULL;
      CREATE INDEX seat_publication_round_idx ON queue.seat_publication (round_id);
      -- Every round so far took one publication, whose event id it carries.
      INSERT INTO queue.seat_publication (event_id, portal_id, group_id, area_ids, hold_area_id, group_year, seats, received_at, round_id)
      SELECT id, portal_id, group_ids[1], area_ids, hold_area_id, group_year, seats, published_at, id
      FROM queue.offer_round ORDER BY published_at, id;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE queue.seat_publication;
      ALTER TABLE queue.offer_round ADD COLUMN group_id uuid;
      UPDATE queue.offer_round SET group_id = group_ids[1];
      ALTER TABLE queue.offer_round ALTER COLUMN group_id SET NOT NULL, DROP COLUMN group_ids;
    `);
  }
}
