import { Req } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@kezek/errors';
import { InternalApiController, InternalBody, InternalRequest, InternalRoute } from '@kezek/internal-api-server';
import { NoticeFacts, NoticeFactsApi, NoticeFactsRequest } from '@kezek/queue-api';
import { Application } from '../application/application.entity';
import { Offer } from '../offer/offer.entity';
import { Referral } from '../referral/referral.entity';

/** The one service that tells parents; no other caller learns who the applicants are. */
const NOTIFIER = 'kezek-notifications';

/**
 * What the notifications service says to the parents of an application (R9, R10–R19): read-only,
 * outside the graph. A referral or offer of another application is NOT_FOUND.
 */
@InternalApiController()
export class NoticeFactsController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @InternalRoute(NoticeFactsApi.find)
  async find(
    @Req() req: InternalRequest,
    @InternalBody(NoticeFactsApi.find) { applicationId, referralId, offerId }: NoticeFactsRequest,
  ): Promise<NoticeFacts> {
    if (req.caller !== NOTIFIER) throw new DomainError('FORBIDDEN', `${req.caller} may not read notice facts`);
    const app = await this.db.getRepository(Application).findOneBy({ id: applicationId });
    const referral = referralId
      ? await this.db.getRepository(Referral).findOneBy({ id: referralId, applicationId })
      : null;
    const offer = offerId ? await this.db.getRepository(Offer).findOneBy({ id: offerId, applicationId }) : null;
    if (!app || (referralId && !referral) || (offerId && !offer))
      throw new DomainError('NOT_FOUND', 'no such application');
    return {
      application: {
        id: app.id,
        number: app.number,
        portalId: app.portalId,
        regionId: app.regionId,
        status: app.status,
        childFullName: app.childFullName,
        language: app.language,
        applicantIds: app.applicantIds,
        onStopListUntil: app.onStopListUntil,
      },
      referral: referral && {
        id: referral.id,
        number: referral.number,
        status: referral.status,
        groupId: referral.groupId,
        expiresAt: referral.expiresAt,
        closedAt: referral.closedAt,
      },
      offer: offer && { id: offer.id, status: offer.status, expiresAt: offer.expiresAt },
    };
  }
}
