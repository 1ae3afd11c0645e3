import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { Language, Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { Privilege } from '../application/models/privilege.enum';
import { SigningRequest } from '../signed-action/signing-request.model';
import { FilingService } from './filing.service';
import { ChildInput } from './models/child.input';
import { PrivilegeDocumentInput } from './models/privilege-document.input';

@Resolver()
export class FilingResolver {
  constructor(private readonly filing: FilingService) {}

  @Mutation(() => SigningRequest, {
    description:
      'Кезекке қою / Постановка в очередь (R4): the applicant signs the returned XML with the SIGN key, then submitSigned',
  })
  prepareApplication(
    @Ctx() ctx: RequestContext,
    @Args('child', { type: () => ChildInput }) child: ChildInput,
    @Args('regionId', { type: () => ID, description: 'The queue area: a region the portal serves or its district' })
    regionId: string,
    @Args('privilege', { type: () => Privilege, nullable: true }) privilege?: Privilege | null,
    @Args('language', { type: () => Language, nullable: true }) language?: Language | null,
    @Args('privilegeDocument', { type: () => PrivilegeDocumentInput, nullable: true })
    document?: PrivilegeDocumentInput | null,
  ) {
    return this.filing.prepare(requirePrincipal(ctx), requirePortal(ctx), {
      childIin: child.iin,
      childFullName: child.fullName,
      childBirthDate: child.birthDate,
      queueAreaId: regionId,
      privilege: privilege ?? undefined,
      language: language ?? undefined,
      privilegeDocumentKind: document?.kind,
      privilegeDocumentNumber: document?.number,
      privilegeDocumentIssuedOn: document?.issuedOn,
      privilegeDocumentIssuer: document?.issuer,
    });
  }
}
