import { Module } from '@nestjs/common';
import { ApplicationModule } from '../application/application.module';
import { ReferralResolver } from './referral.resolver';

@Module({ imports: [ApplicationModule], providers: [ReferralResolver] })
export class ReferralModule {}
