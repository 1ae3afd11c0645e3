import { EntityManager } from 'typeorm';
import { Application } from '../application/application.entity';
import { OfferStatus } from '../offer/models/offer-status.enum';
import { Offer } from '../offer/offer.entity';
import { isCurrentOffer } from '../offer/offer.rules';
import { KindergartenBlock } from './kindergarten-block.entity';

/** What a choice is checked against: the application, its offer if still open and the kindergartens closed to it (R15). */
export interface Chooser {
  app: Application | null;
  offer: Offer | null;
  blocked: ReadonlySet<string>;
}

/**
 * The application with its open offer and the kindergartens closed to it at `now`, in one
 * statement: what `availableGroups` lists from, and what a choice is checked against at prepare
 * and again at submit (most of a release-day race is these checks). `lock`: the application's row
 * locked for the transaction.
 */
export async function loadChooser(
  manager: EntityManager,
  applicationId: string,
  now: Date,
  lock = false,
): Promise<Chooser> {
  const query = manager
    .getRepository(Application)
    .createQueryBuilder('a')
    .leftJoinAndMapOne('a.openOffer', Offer, 'o', 'o.applicationId = a.id AND o.status = :open', {
      open: OfferStatus.OPEN,
    })
    .leftJoinAndMapMany('a.blocks', KindergartenBlock, 'b', 'b.applicationId = a.id AND b.until >= :now', { now })
    .where('a.id = :id', { id: applicationId });
  if (lock) query.setLock('pessimistic_write', undefined, ['a']);
  const found = (await query.getOne()) as (Application & { openOffer?: Offer; blocks: KindergartenBlock[] }) | null;
  if (!found) return { app: null, offer: null, blocked: new Set() };
  const { openOffer, blocks } = found;
  // Only the application's own columns travel on with it.
  delete found.openOffer;
  delete (found as Partial<typeof found>).blocks;
  return {
    app: found,
    offer: openOffer && isCurrentOffer(openOffer, now) ? openOffer : null,
    blocked: new Set(blocks.map((b) => b.kindergartenId)),
  };
}
