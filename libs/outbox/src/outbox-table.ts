const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function checkedSchema(schema: string): string {
  if (!IDENTIFIER.test(schema))
    throw new Error(`outbox schema must be a plain identifier, got ${JSON.stringify(schema)}`);
  return schema;
}

/** The channel the insert trigger NOTIFYs; the relay LISTENs on it. */
export function outboxChannel(schema: string): string {
  return `${checkedSchema(schema)}_outbox`;
}

/**
 * DDL of `<schema>.outbox`, for the owning service's own migration (which freezes its text), with
 * `outboxNotifySql`'s trigger.
 */
export function outboxTableSql(schema: string): string {
  const s = checkedSchema(schema);
  return `
    CREATE TABLE ${s}.outbox (
      id bigserial PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      type text NOT NULL,
      aggregate_id text NOT NULL,
      payload jsonb NOT NULL,
      occurred_at timestamptz NOT NULL,
      published_at timestamptz
    );
    CREATE INDEX outbox_unpublished_idx ON ${s}.outbox (id) WHERE published_at IS NULL;
    ${outboxNotifySql(s)}
  `;
}

/**
 * The statement-level trigger that NOTIFYs the relay once per inserting statement that recorded an
 * event to relay (`published_at` null). PostgreSQL delivers it on commit only, so a rolled-back
 * event never wakes the relay. Events nobody subscribes to are recorded published and wake
 * nobody: a NOTIFY serialises the commits of every notifying transaction (PostgreSQL holds a
 * database-wide lock through the commit's WAL flush), which bounded the claims per second.
 */
export function outboxNotifySql(schema: string): string {
  const s = checkedSchema(schema);
  return `
    CREATE FUNCTION ${s}.outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM inserted WHERE published_at IS NULL) THEN
        PERFORM pg_notify('${outboxChannel(s)}', '');
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER outbox_notify AFTER INSERT ON ${s}.outbox REFERENCING NEW TABLE AS inserted
      FOR EACH STATEMENT EXECUTE FUNCTION ${s}.outbox_notify();
  `;
}

export function dropOutboxTableSql(schema: string): string {
  const s = checkedSchema(schema);
  return `DROP TABLE ${s}.outbox; DROP FUNCTION ${s}.outbox_notify();`;
}
