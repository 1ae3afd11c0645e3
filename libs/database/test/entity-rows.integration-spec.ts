import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase } from '@kezek/postgres';
import { EntityRows, preparedQuery } from '../src';

enum Colour {
  RED = 'RED',
  BLUE = 'BLUE',
}

@Entity({ name: 'thing', schema: 'entity_rows_test' })
class Thing {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { name: 'display_name' })
  displayName: string;

  @Column({ type: 'enum', enum: Colour, enumName: 'entity_rows_colour' })
  colour: Colour;

  @Column('timestamptz', { name: 'made_at' })
  madeAt: Date;

  @Column('date', { name: 'born_on', nullable: true })
  bornOn: string | null;

  @Column('jsonb', { default: {} })
  details: Record<string, unknown>;

  @Column('int', { transformer: { to: (v: number) => v * 100, from: (v: number) => v / 100 } })
  amount: number;

  @Column('bigint', { name: 'big_count' })
  bigCount: string;
}

describe('EntityRows', () => {
  // A database of this file alone, as @kezek/testing makes them (which depends on this library).
  const server = process.env.KEZEK_TEST_PG_URL!;
  const name = `kezek_t_${process.env.KEZEK_TEST_RUN_ID}_${randomBytes(4).toString('hex')}`;
  let db: DataSource;
  let rows: EntityRows<Thing>;

  beforeAll(async () => {
    const url = await createDatabase(server, name, process.env.KEZEK_TEST_TEMPLATE_DB!);
    db = new DataSource({ type: 'postgres', url, entities: [Thing] });
    await db.initialize();
    await db.query('CREATE SCHEMA entity_rows_test');
    // Only this test's throwaway schema: synchronize never runs on a service's tables.
    await db.synchronize();
    rows = new EntityRows(db, Thing, 't');
  });

  afterAll(async () => {
    await db?.destroy();
    await dropDatabase(server, name);
  });

  it('reads a row into the entity TypeORM itself loads: types, enums, JSON, transformers, nulls', async () => {
    const saved = await db.getRepository(Thing).save(
      db.getRepository(Thing).create({
        displayName: 'Балдырған',
        colour: Colour.BLUE,
        madeAt: new Date('2026-12-02T10:00:00.123Z'),
        bornOn: null,
        details: { seats: [1, 2], note: 'x' },
        amount: 12.5,
        bigCount: '9007199254740993',
      }),
    );
    const read = await rows.findOneBy(db, 'id', saved.id);
    const loaded = await db.getRepository(Thing).findOneByOrFail({ id: saved.id });
    expect(read).toBeInstanceOf(Thing);
    expect(read).toEqual(loaded);
    expect(read).toMatchObject({ amount: 12.5, madeAt: new Date('2026-12-02T10:00:00.123Z'), bornOn: null });
  });

  it('writes an entity as TypeORM saves it, through a prepared statement, and refuses a column left out', async () => {
    const thing = {
      id: '00000000-0000-4000-8000-00000000000a',
      displayName: 'Қуаныш',
      colour: Colour.RED,
      madeAt: new Date('2026-12-03T07:00:00.456Z'),
      bornOn: '2022-05-01',
      details: { rooms: ['A', 'B'] },
      amount: 3.25,
      bigCount: '12',
    };
    await rows.insert(db, thing);
    const [stored] = await db.query(`SELECT amount, details FROM ${rows.table} WHERE id = $1`, [thing.id]);
    expect(stored).toEqual({ amount: 325, details: { rooms: ['A', 'B'] } });
    expect(await db.getRepository(Thing).findOneByOrFail({ id: thing.id })).toEqual(Object.assign(new Thing(), thing));
    const incomplete = { ...thing, id: '00000000-0000-4000-8000-00000000000c', bornOn: undefined };
    await expect(rows.insert(db, incomplete)).rejects.toThrow('Thing.bornOn is not given');
    expect(await rows.findOneBy(db, 'id', incomplete.id)).toBeNull();
  });

  it('runs a prepared statement in the transaction it is given, on every connection of the pool', async () => {
    const id = '00000000-0000-4000-8000-00000000000b';
    const read = `SELECT id FROM ${rows.table} WHERE id = $1`;
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO ${rows.table} (id, display_name, colour, made_at, amount, big_count)
        VALUES ($1, 'x', 'RED', now(), 1, 1)`,
        [id],
      );
      expect(await preparedQuery(tx, read, [id])).toHaveLength(1);
      expect(await preparedQuery(db, read, [id])).toHaveLength(0);
    });
    const answers = await Promise.all(Array.from({ length: 20 }, () => preparedQuery(db, read, [id])));
    expect(answers.map((a) => a.length)).toEqual(Array(20).fill(1));
  });

  it('reads no entity from an outer join that found none', async () => {
    const [row] = await db.query(
      `SELECT ${rows.select} FROM (SELECT 1) one LEFT JOIN ${rows.table} "t" ON ${rows.column('id')} = $1`,
      ['00000000-0000-4000-8000-000000000000'],
    );
    expect(rows.read(row)).toBeNull();
  });

  it('refuses a property that is not a column', () => {
    expect(() => rows.column('nothing' as keyof Thing & string)).toThrow('Thing has no column nothing');
  });
});
