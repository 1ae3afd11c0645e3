import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { byGroup, Ctx, RequestContext, requirePortal, requirePrincipal } from '@kezek/subgraph';
import { Application } from '../application/application.entity';
import { canSeeApplication } from '../application/visibility.rules';
import { DocumentService } from './document.service';
import { Document } from './models/document.model';

/** Application's documents (Общие документы, R22): the document feature's field of the application. */
@Resolver(() => Application)
export class ApplicationDocumentsResolver {
  constructor(private readonly service: DocumentService) {}

  @ResolveField(() => [Document], { description: 'Общие документы (R22): each with a short-lived link to its PDF' })
  async documents(@Parent() app: Application, @Ctx() ctx: RequestContext): Promise<Document[]> {
    // Every path to an application checks R9 already; links are handed out only after checking it here too.
    if (!canSeeApplication(requirePrincipal(ctx), requirePortal(ctx), app)) return [];
    const loader = ctx.loaders.get(
      'documentsOfApplication',
      byGroup(
        (ids: string[]) => this.service.documentsOf(ids),
        (d) => d.applicationId,
      ),
    );
    return (await loader.load(app.id)) ?? [];
  }
}
