import { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns the tally counts by, in the order of its key (a journal counts by region first). */
const KEY = 'region_id, queue_area_id, group_year, status, privilege, portal_id';

/**
 * The journal's totalCount without scanning a region: how many applications each (region, queue
 * area, group year, status, privilege, portal) holds, kept exact by PostgreSQL itself in the
 * transaction of every change, so it cannot drift from queue.application.
 */
export class JournalTally1767640000000 implements MigrationInterface {
  name = 'JournalTally1767640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE queue.application_tally (
        region_id text NOT NULL,
        queue_area_id text NOT NULL,
        group_year int NOT NULL,
        status text NOT NULL,
        privilege text NOT NULL,
        portal_id text NOT NULL,
        -- A row whose count drops to 0 stays: deleting it would race with a filing re-creating it.
        n bigint NOT NULL CHECK (n >= 0),
        PRIMARY KEY (${KEY})
      );

      -- One statement's changes, netted per key, applied in key order: every writer locks counter rows
      -- in the same order, so two statements moving children in opposite directions (IN_QUEUE ⇄ NOTIFIED)
      -- wait for each other instead of deadlocking, and a bulk statement touches each key once.
      -- Contention: a filing takes its key's row (IN_QUEUE, its area, year, privilege, portal) after the
      -- portal's number counter row (application_number_counter), which it holds to commit anyway, so
      -- filings of a portal wait for each other no longer than they already did. What is new: a status
      -- change (withdrawal, offer, referral) of that same key waits for a filing's commit and the other
      -- way round — both are short transactions that lock the counter row last.
      CREATE FUNCTION queue.tally_application_changes() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          changes refcursor;
          d record;
        BEGIN
          IF TG_OP = 'INSERT' THEN
            OPEN changes FOR SELECT ${KEY}, count(*) AS delta FROM new_rows GROUP BY ${KEY} ORDER BY ${KEY};
          ELSIF TG_OP = 'DELETE' THEN
            OPEN changes FOR SELECT ${KEY}, -count(*) AS delta FROM old_rows GROUP BY ${KEY} ORDER BY ${KEY};
          ELSE
            -- An update that leaves the six columns alone nets to 0 everywhere and touches no counter.
            OPEN changes FOR SELECT ${KEY}, sum(delta) AS delta FROM (
                SELECT ${KEY}, -1 AS delta FROM old_rows UNION ALL SELECT ${KEY}, 1 FROM new_rows
              ) moved GROUP BY ${KEY} HAVING sum(delta) <> 0 ORDER BY ${KEY};
          END IF;
          LOOP
            FETCH changes INTO d;
            EXIT WHEN NOT FOUND;
            IF d.delta > 0 THEN
              INSERT INTO queue.application_tally AS t (${KEY}, n)
                VALUES (d.region_id, d.queue_area_id, d.group_year, d.status, d.privilege, d.portal_id, d.delta)
                ON CONFLICT (${KEY}) DO UPDATE SET n = t.n + EXCLUDED.n;
            ELSE
              -- An UPDATE, not an upsert: the CHECK would judge an upsert's proposed row (a negative n) first.
              UPDATE queue.application_tally SET n = n + d.delta
                WHERE (${KEY}) = (d.region_id, d.queue_area_id, d.group_year, d.status, d.privilege, d.portal_id);
              IF NOT FOUND THEN
                RAISE EXCEPTION 'application_tally has no row to take % from', -d.delta USING ERRCODE = 'check_violation';
              END IF;
            END IF;
          END LOOP;
          CLOSE changes;
          RETURN NULL;
        END $$;

      -- Per statement, with transition tables: a bulk load nets its rows into a few thousand keys instead of
      -- one upsert per row. PostgreSQL allows neither a column list (UPDATE OF …) nor several events on a
      -- trigger with transition tables, hence three triggers and the netting above.
      CREATE TRIGGER application_tally_insert AFTER INSERT ON queue.application
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION queue.tally_application_changes();
      CREATE TRIGGER application_tally_update AFTER UPDATE ON queue.application
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION queue.tally_application_changes();
      CREATE TRIGGER application_tally_delete AFTER DELETE ON queue.application
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION queue.tally_application_changes();

      CREATE FUNCTION queue.clear_application_tally() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN DELETE FROM queue.application_tally; RETURN NULL; END $$;
      CREATE TRIGGER application_tally_truncate AFTER TRUNCATE ON queue.application
        FOR EACH STATEMENT EXECUTE FUNCTION queue.clear_application_tally();

      -- After the triggers: creating them locked the table against writes until this migration commits,
      -- so no change falls between the back-fill and the first counted statement.
      INSERT INTO queue.application_tally (${KEY}, n) SELECT ${KEY}, count(*) FROM queue.application GROUP BY ${KEY};
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER application_tally_truncate ON queue.application; DROP FUNCTION queue.clear_application_tally();
      DROP TRIGGER application_tally_delete ON queue.application; DROP TRIGGER application_tally_update ON queue.application;
      DROP TRIGGER application_tally_insert ON queue.application; DROP FUNCTION queue.tally_application_changes();
      DROP TABLE queue.application_tally;
    `);
  }
}
