import { Controller, Get, Header } from '@nestjs/common';
import { Metrics, METRICS_CONTENT_TYPE } from '@kezek/metrics';

/** Prometheus scrapes every process here (no personal data: names, codes, counts and durations). */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('content-type', METRICS_CONTENT_TYPE)
  text(): Promise<string> {
    return this.metrics.text();
  }
}
