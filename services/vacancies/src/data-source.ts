import { DataSourceDefinition } from '@kezek/database';
import { Group } from './group/group.entity';
import { Kindergarten } from './kindergarten/kindergarten.entity';
import { District } from './region/district.entity';
import { Region } from './region/region.entity';
import { OfferRound } from './seat/offer-round.entity';
import { PublishRequest } from './seat/publish-request.entity';
import { ReleasedReferral } from './seat/released-referral.entity';
import { Seat } from './seat/seat.entity';
import { Registry1767000000000 } from './migrations/1767000000000-registry';
import { Seats1767100000000 } from './migrations/1767100000000-seats';
import { PendingClaims1767200000000 } from './migrations/1767200000000-pending-claims';
import { OfferRounds1767400000000 } from './migrations/1767400000000-offer-rounds';
import { ChoosableGroups1767700000000 } from './migrations/1767700000000-choosable-groups';
import { OutboxWakesForSubscribers1767810000000 } from './migrations/1767810000000-outbox-wakes-for-subscribers';
import { SeatsAwaitTheirRound1768300000000 } from './migrations/1768300000000-seats-await-their-round';

/** The vacancies schema: used by the app, the worker, the migration CLI and tests. */
export const vacanciesData: DataSourceDefinition = {
  schema: 'vacancies',
  entities: [Region, District, Kindergarten, Group, Seat, OfferRound, ReleasedReferral, PublishRequest],
  migrations: [
    Registry1767000000000,
    Seats1767100000000,
    PendingClaims1767200000000,
    OfferRounds1767400000000,
    ChoosableGroups1767700000000,
    OutboxWakesForSubscribers1767810000000,
    SeatsAwaitTheirRound1768300000000,
  ],
};
