import { byKey, RequestContext } from '@kezek/subgraph';
import { KindergartenService } from './kindergarten.service';

/** One loader per request for kindergartens by id: references and `Group.kindergarten` share it. */
export const kindergartenLoader = (ctx: RequestContext, kindergartens: KindergartenService) =>
  ctx.loaders.get(
    'kindergarten',
    byKey(
      (ids: string[]) => kindergartens.findKindergartens(ids),
      (k) => k.id,
    ),
  );
