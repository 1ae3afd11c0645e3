import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { GatewayOnlyMiddleware } from '@kezek/subgraph';
import { ApplicationDocumentsResolver } from './application-documents.resolver';
import { DocumentController } from './document.controller';
import { DocumentRepository } from './document.repository';
import { DocumentResolver } from './document.resolver';
import { DocumentService } from './document.service';

/** R22: the documents of applications; DocumentService.issueFilingDocuments is called by the filing transaction. */
@Module({
  controllers: [DocumentController],
  providers: [DocumentRepository, DocumentService, DocumentResolver, ApplicationDocumentsResolver],
  exports: [DocumentService],
})
export class DocumentModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Like /graphql, the document routes answer only the gateway (which checks and limits the caller).
    consumer.apply(GatewayOnlyMiddleware).forRoutes('documents/{*rest}');
  }
}
