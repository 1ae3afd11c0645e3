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
 * DDL of `<schema>.outbox`, for the owning service's own migration. The statement-level trigger
 * NOTIFYs once per inserting statement; PostgreSQL delivers it on commit only, so a rolled-back
 * event never wakes the relay.
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
    CREATE FUNCTION ${s}.outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('${outboxChannel(s)}', '');
      RETURN NULL;
    END $$;
    CREATE TRIGGER outbox_notify AFTER INSERT ON ${s}.outbox FOR EACH STATEMENT EXECUTE FUNCTION ${s}.outbox_notify();
  `;
}

export function dropOutboxTableSql(schema: string): string {
  const s = checkedSchema(schema);
  return `DROP TABLE ${s}.outbox; DROP FUNCTION ${s}.outbox_notify();`;
}
