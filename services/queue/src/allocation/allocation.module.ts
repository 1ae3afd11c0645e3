import { Module } from '@nestjs/common';
import { AllocationRepository } from './allocation.repository';
import { AllocationService } from './allocation.service';

/** Who gets an offer when seats appear (R7, R8); the offer round itself builds on nextEligible. */
@Module({ providers: [AllocationRepository, AllocationService], exports: [AllocationService] })
export class AllocationModule {}
