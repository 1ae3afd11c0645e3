import { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity's columns for a hot statement written once (instead of a query builder building the
 * same SQL and mapping again on every call: most of the queue's CPU for checking a choice in a
 * release-day race), each row read back into the entity as TypeORM hydrates it (every column
 * through the driver's `prepareHydratedValue`: types, enums, transformers) and an entity written as
 * TypeORM persists it (`preparePersistentValue`).
 */
export class EntityRows<T extends ObjectLiteral> {
  private readonly metadata: EntityMetadata;
  /** The table, schema-qualified and quoted, for FROM and JOIN. */
  readonly table: string;
  /** The select list: every column as "<alias>_<column>". */
  readonly select: string;
  /** An INSERT of one entity, every column given: its parameters are `values(entity)`. */
  readonly insert: string;

  constructor(
    private readonly dataSource: DataSource,
    entity: EntityTarget<T>,
    private readonly alias: string,
  ) {
    this.metadata = dataSource.getMetadata(entity);
    const escape = (name: string) => dataSource.driver.escape(name);
    const { schema, tableName } = this.metadata;
    this.table = schema ? `${escape(schema)}.${escape(tableName)}` : escape(tableName);
    this.select = this.metadata.columns
      .map((c) => `${this.column(c.propertyName)} AS ${escape(this.key(c.databaseName))}`)
      .join(', ');
    const { columns } = this.metadata;
    this.insert = `INSERT INTO ${this.table} (${columns.map((c) => escape(c.databaseName)).join(', ')})
      VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
  }

  /** The parameters of `insert` for `entity`, as TypeORM persists them (JSON, transformers); a column left out is refused. */
  values(entity: Partial<T>): unknown[] {
    return this.metadata.columns.map((column) => {
      const value: unknown = column.getEntityValue(entity);
      if (value === undefined) throw new Error(`${this.metadata.name}.${column.propertyName} is not given`);
      return this.dataSource.driver.preparePersistentValue(value, column);
    });
  }

  /** The statement reading the rows whose `property` equals $1. */
  selectBy(property: keyof T & string): string {
    return `SELECT ${this.select} FROM ${this.table} ${this.dataSource.driver.escape(this.alias)} WHERE ${this.column(property)} = $1`;
  }

  /** The column of `property` under the alias, quoted, for conditions. */
  column(property: keyof T & string): string {
    const column = this.metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${this.metadata.name} has no column ${property}`);
    const { driver } = this.dataSource;
    return `${driver.escape(this.alias)}.${driver.escape(column.databaseName)}`;
  }

  /** The entity of `row`, or null where its primary key is null (an outer join that found nothing). */
  read(row: Record<string, unknown>): T | null {
    if (this.metadata.primaryColumns.some((c) => row[this.key(c.databaseName)] == null)) return null;
    const entity = this.metadata.create() as T;
    for (const column of this.metadata.columns)
      column.setEntityValue(
        entity,
        this.dataSource.driver.prepareHydratedValue(row[this.key(column.databaseName)], column),
      );
    return entity;
  }

  private key(databaseName: string): string {
    return `${this.alias}_${databaseName}`;
  }
}
