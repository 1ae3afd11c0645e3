import { DataSource } from 'typeorm';
import { ManualClock } from '@kezek/clock';
import { Queues } from '@kezek/jobs';
import { Metrics } from '@kezek/metrics';
import { Readiness, ServiceConfig } from '@kezek/service-runtime';
import { OutboxRelayHost } from './outbox.module';

describe('OutboxRelayHost', () => {
  it("adds its listener to the worker's readiness, down until it listens", () => {
    const readiness = new Readiness();
    const add = jest.spyOn(readiness, 'add');
    new OutboxRelayHost(
      {} as DataSource,
      {} as Queues,
      new ManualClock(),
      { schema: 'vacancies', routes: {} },
      {} as ServiceConfig,
      readiness,
      new Metrics({ service: 'test', role: 'worker' }),
    );
    expect(add).toHaveBeenCalledWith('outboxListener', expect.any(Function));
    expect(add.mock.calls[0][1]()).toEqual({ up: false, message: 'not started' });
  });
});
