import { Req } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { DomainError } from '@kezek/errors';
import {
  ContactsRequest,
  EmailConfirmationRequest,
  EmailConfirmationToSend,
  PeopleApi,
  PersonContacts,
  PersonRequest,
  PersonView,
} from '@kezek/identity-api';
import { InternalApiController, InternalBody, InternalRequest, InternalRoute } from '@kezek/internal-api-server';
import { toAlmatyIso } from '@kezek/clock';
import { EmailConfirmationService } from '../email-confirmation/email-confirmation.service';
import { User } from './user.entity';

const NOTIFICATIONS = 'kezek-notifications';

/** What another service may know of a person (queue: the applicant's name, and R9's e-mail before filing; notifications: contacts). */
@InternalApiController()
export class PeopleController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly confirmations: EmailConfirmationService,
  ) {}

  @InternalRoute(PeopleApi.find)
  async find(@InternalBody(PeopleApi.find) { id }: PersonRequest): Promise<PersonView> {
    const user = await this.db.getRepository(User).findOneBy({ id });
    if (!user) throw new DomainError('NOT_FOUND', 'no such person');
    return { id: user.id, fullName: user.fullName, hasEmail: !!user.email };
  }

  /** Where to tell people (R10): only the notifications service learns e-mails and phones. */
  @InternalRoute(PeopleApi.contacts)
  async contacts(
    @Req() req: InternalRequest,
    @InternalBody(PeopleApi.contacts) { ids }: ContactsRequest,
  ): Promise<{ people: PersonContacts[] }> {
    if (req.caller !== NOTIFICATIONS) throw new DomainError('FORBIDDEN', `${req.caller} may not read contacts`);
    const users = await this.db.getRepository(User).findBy({ id: In(ids) });
    return { people: users.map((u) => ({ id: u.id, fullName: u.fullName, email: u.email, phone: u.phone })) };
  }

  /** A confirmation code to e-mail (issue 11): only the notifications service sends it. */
  @InternalRoute(PeopleApi.emailConfirmation)
  async emailConfirmation(
    @Req() req: InternalRequest,
    @InternalBody(PeopleApi.emailConfirmation) { confirmationId }: EmailConfirmationRequest,
  ): Promise<EmailConfirmationToSend> {
    if (req.caller !== NOTIFICATIONS) throw new DomainError('FORBIDDEN', `${req.caller} may not read codes`);
    const c = await this.confirmations.toSend(confirmationId);
    if (!c) throw new DomainError('NOT_FOUND', 'no code to send: confirmed, expired or replaced');
    return { userId: c.userId, email: c.email, code: c.code, expiresAt: toAlmatyIso(c.expiresAt) };
  }
}
