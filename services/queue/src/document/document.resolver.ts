import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { z } from 'zod';
import { Ctx, RequestContext, requirePrincipal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { DocumentService } from './document.service';
import { DocumentLanguage } from './models/document-language.enum';
import { DocumentVerification } from './models/document-verification.model';
import { Document } from './models/document.model';

@Resolver(() => Document)
export class DocumentResolver {
  constructor(private readonly documents: DocumentService) {}

  @ResolveField(() => String, {
    description:
      'The PDF in `lang`, through the gateway: a link for the caller only, valid for minutes (DOCUMENTS_LINK_TTL_SECONDS); ask again for a fresh one',
  })
  url(
    @Parent() doc: Document,
    @Ctx() ctx: RequestContext,
    @Args('lang', { type: () => DocumentLanguage, defaultValue: DocumentLanguage.RU }) lang: DocumentLanguage,
  ): string {
    return this.documents.linkFor(doc.id, requirePrincipal(ctx).userId, lang === DocumentLanguage.KK ? 'kk' : 'ru');
  }

  @Query(() => DocumentVerification, {
    description:
      'The public check of the code printed on a document (and in its QR code): no sign-in, rate-limited at the gateway, no personal data',
  })
  verifyDocument(@Args('code') code: string): Promise<DocumentVerification> {
    return this.documents.verify(validateInput(z.string().max(64), code));
  }
}
