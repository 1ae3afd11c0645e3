import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@kezek/errors';
import { PeopleApi, PersonRequest, PersonView } from '@kezek/identity-api';
import { InternalApiController, InternalBody, InternalRoute } from '@kezek/internal-api-server';
import { User } from './user.entity';

/** What another service may know of a person (queue: the applicant's name, and R9's e-mail before filing). */
@InternalApiController()
export class PeopleController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @InternalRoute(PeopleApi.find)
  async find(@InternalBody(PeopleApi.find) { id }: PersonRequest): Promise<PersonView> {
    const user = await this.db.getRepository(User).findOneBy({ id });
    if (!user) throw new DomainError('NOT_FOUND', 'no such person');
    return { id: user.id, fullName: user.fullName, hasEmail: !!user.email };
  }
}
