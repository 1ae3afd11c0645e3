import { overseenRegions, Principal } from '@kezek/auth';
import { DomainError } from '@kezek/errors';
import { Portal } from '@kezek/portals';

/**
 * The region an operator's statistics are asked about: one the calling portal serves (else
 * NOT_FOUND) and the caller oversees — every region for an ADMIN, their own for a
 * DISTRICT_OPERATOR (else FORBIDDEN). Refusals never quote the region asked for.
 */
export function assertOverseesRegion(principal: Principal, portal: Portal, regionId: string): void {
  if (!portal.regionIds.includes(regionId)) throw new DomainError('NOT_FOUND', 'no such region on this portal');
  const overseen = overseenRegions(principal);
  if (overseen !== 'all' && !overseen.includes(regionId))
    throw new DomainError('FORBIDDEN', 'statistics of a region are for its operators and ADMINs');
}
