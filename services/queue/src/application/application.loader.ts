import { byKey, RequestContext } from '@kezek/subgraph';
import { ApplicationService } from './application.service';

/** One loader of applications per request, shared by the reference resolver and Referral.application. */
export const applicationLoader = (ctx: RequestContext, applications: ApplicationService) =>
  ctx.loaders.get(
    'application',
    byKey(
      (ids: string[]) => applications.findByIds(ids),
      (a) => a.id,
    ),
  );
