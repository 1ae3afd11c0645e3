import { Field, Float, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AnalyticsAnswer, AnalyticsSource } from '@kezek/database';
import { toCsv } from './csv';

registerEnumType(AnalyticsSource, {
  name: 'AnalyticsSource',
  description:
    'Where an analytics answer was read: the read replica, or the primary (no replica, or it did not answer)',
});

/** What every operator statistic says besides its rows: where it was read, how stale, when, and the rows as CSV. */
@ObjectType({ isAbstract: true })
export abstract class AnalyticsReport {
  @Field(() => AnalyticsSource)
  source: AnalyticsSource;

  @Field(() => Float, {
    nullable: true,
    description: 'How far the replica was behind the primary, in seconds (null on the primary)',
  })
  lagSeconds: number | null;

  @Field({ description: 'A replica is configured but did not answer: the primary did' })
  replicaUnavailable: boolean;

  @Field({ description: 'The instant the figures were read' })
  asOf: Date;

  @Field({ description: 'The rows as CSV (RFC 4180, a header row, UTF-8), for a spreadsheet' })
  csv: string;
}

/** An analytics answer's rows as a report: its source and lag, `asOf`, and the CSV of `columns`. */
export function analyticsReport<R extends object>(
  answer: AnalyticsAnswer<R[]>,
  asOf: Date,
  columns: ReadonlyArray<keyof R & string>,
): AnalyticsReport & { rows: R[] } {
  return {
    rows: answer.value,
    source: answer.source,
    lagSeconds: answer.lagSeconds,
    replicaUnavailable: answer.replicaUnavailable,
    asOf,
    csv: toCsv(columns, answer.value),
  };
}
