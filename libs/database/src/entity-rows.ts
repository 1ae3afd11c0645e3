import { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { preparedQuery } from './prepared';

/**
 * An entity's columns for a hot statement written once (instead of a query builder building the
 * same SQL and mapping again on every call: most of the queue's CPU for checking a choice in a
 * release-day race), each row read back into the entity as TypeORM hydrates it (every column
 * through the driver's `prepareHydratedValue`: types, enums, transformers) and an entity written as
 * TypeORM persists it (`preparePersistentValue`). `findOneBy` and `insert` run as prepared
 * statements (`preparedQuery`).
 */
export class EntityRows<T extends ObjectLiteral> {
  private readonly metadata: EntityMetadata;
  /** The table, schema-qualified and quoted, for FROM and JOIN. */
  readonly table: string;
  /** The select list: every column as "<alias>_<column>". */
  readonly select: string;
  private readonly insertStatement: string;
  private readonly selectsBy = new Map<string, string>();

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
    this.insertStatement = `INSERT INTO ${this.table} (${columns.map((c) => escape(c.databaseName)).join(', ')})
      VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
  }

  /** The entity whose `property` (a unique column) equals `value`, or null; in `on`'s transaction where it has one. */
  async findOneBy(on: DataSource | EntityManager, property: keyof T & string, value: unknown): Promise<T | null> {
    let sql = this.selectsBy.get(property);
    if (!sql) {
      sql = `SELECT ${this.select} FROM ${this.table} ${this.dataSource.driver.escape(this.alias)} WHERE ${this.column(property)} = $1`;
      this.selectsBy.set(property, sql);
    }
    const [row] = await preparedQuery<Record<string, unknown>>(on, sql, [value]);
    return row ? this.read(row) : null;
  }

  /** Writes `entity` as TypeORM persists it (JSON, transformers); every column must be given, one left out is refused. */
  async insert(on: DataSource | EntityManager, entity: Partial<T>): Promise<void> {
    const values = this.metadata.columns.map((column) => {
      const value: unknown = column.getEntityValue(entity);
      if (value === undefined) throw new Error(`${this.metadata.name}.${column.propertyName} is not given`);
      return this.dataSource.driver.preparePersistentValue(value, column);
    });
    await preparedQuery(on, this.insertStatement, values);
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
