import { AnalyticsSource } from '@kezek/database';
import { analyticsReport } from './analytics-report.model';

describe('analyticsReport', () => {
  it('carries where and when the rows were read, and writes the chosen columns as CSV', () => {
    const asOf = new Date('2027-03-01T04:00:00Z');
    const answer = {
      value: [{ kind: 'TURN_CAME', n: 2, hidden: 'x' }],
      source: AnalyticsSource.REPLICA,
      lagSeconds: 0.4,
      replicaUnavailable: false,
    };
    expect(analyticsReport(answer, asOf, ['kind', 'n'])).toEqual({
      rows: answer.value,
      source: AnalyticsSource.REPLICA,
      lagSeconds: 0.4,
      replicaUnavailable: false,
      asOf,
      csv: 'kind,n\r\nTURN_CAME,2\r\n',
    });
  });
});
