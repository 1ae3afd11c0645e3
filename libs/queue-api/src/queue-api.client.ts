import { InternalApiCallerOptions, InternalApiClient } from '@kezek/internal-api';
import { NoticeFacts, NoticeFactsApi, NoticeFactsRequest } from './notice-facts.api';

/** `baseUrl` is queue's API base URL, e.g. http://queue:4002 (QUEUE_INTERNAL_URL); `service` the caller. */
export type QueueApiClientOptions = InternalApiCallerOptions;

/** queue's internal API: queue's refusals come back as the same DomainError, anything else is an ordinary error. */
export class QueueApiClient extends InternalApiClient {
  constructor(options: QueueApiClientOptions) {
    super({ ...options, name: 'queue internal API' });
  }

  /** What parents are told about an application (and its referral or offer); NOT_FOUND for an unknown id. */
  noticeFacts(request: NoticeFactsRequest): Promise<NoticeFacts> {
    return this.call(NoticeFactsApi.find, request);
  }
}
