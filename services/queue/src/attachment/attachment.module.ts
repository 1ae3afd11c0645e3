import { Module } from '@nestjs/common';
import { IdentityApiModule } from '../signed-action/identity-api.module';
import { AttachmentResolver } from './attachment.resolver';
import { AttachmentService } from './attachment.service';
import { CivilRegistryModule } from './civil-registry.module';

/** R9, attaching an application: prepareAttachApplication here; AttachmentService is the signed action's handler on submit. */
@Module({
  imports: [IdentityApiModule, CivilRegistryModule],
  providers: [AttachmentService, AttachmentResolver],
  exports: [AttachmentService],
})
export class AttachmentModule {}
