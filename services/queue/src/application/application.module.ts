import { Module } from '@nestjs/common';
import { ApplicationResolver, ReferralResolver } from './application.resolver';
import { ApplicationService } from './application.service';

@Module({ providers: [ApplicationService, ApplicationResolver, ReferralResolver], exports: [ApplicationService] })
export class ApplicationModule {}
