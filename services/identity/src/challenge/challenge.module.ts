import { Module } from '@nestjs/common';
import { ChallengeResolver } from './challenge.resolver';
import { ChallengeService } from './challenge.service';

@Module({ providers: [ChallengeService, ChallengeResolver], exports: [ChallengeService] })
export class ChallengeModule {}
