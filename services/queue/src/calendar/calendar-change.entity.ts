import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CalendarYear } from '@kezek/calendar';
import { DayEntries } from './calendar.rules';
import { CalendarChangeAction } from './models/calendar-change-action.enum';

/** One change of the working-day calendar (R2): who, when, what, why. Append-only (the table refuses edits). */
@Entity('calendar_change')
export class CalendarChangeRecord {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('int')
  year: number;

  @Column('timestamptz')
  at: Date;

  /** A user id, or "system" for the shipped default. */
  @Column('text')
  actor: string;

  @Column('text')
  action: CalendarChangeAction;

  /** The date changed; null when a whole year was loaded. */
  @Column('date', { nullable: true })
  date: string | null;

  @Column('jsonb', { nullable: true })
  before: DayEntries | CalendarYear | null;

  @Column('jsonb', { nullable: true })
  after: DayEntries | CalendarYear | null;

  @Column('text')
  reason: string;
}
