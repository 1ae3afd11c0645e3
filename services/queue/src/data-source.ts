import { DataSourceDefinition } from '@kezek/database';
import { Application } from './application/application.entity';
import { HistoryEntry } from './application/history-entry.entity';
import { CalendarChangeRecord } from './calendar/calendar-change.entity';
import { IssuedDocumentRecord } from './document/document.entity';
import { Applications1767000000000 } from './migrations/1767000000000-applications';
import { SignedActions1767300000000 } from './migrations/1767300000000-signed-actions';
import { Filing1767600000000 } from './migrations/1767600000000-filing';
import { PositionIndexes1767610000000 } from './migrations/1767610000000-position-indexes';
import { JournalIndexes1767630000000 } from './migrations/1767630000000-journal-indexes';
import { Documents1767620000000 } from './migrations/1767620000000-documents';
import { JournalTally1767640000000 } from './migrations/1767640000000-journal-tally';
import { ReferralDocuments1767645000000 } from './migrations/1767645000000-referral-documents';
import { Calendar1767700000000 } from './migrations/1767700000000-calendar';
import { Offers1767710000000 } from './migrations/1767710000000-offers';
import { SeatPublications1767720000000 } from './migrations/1767720000000-seat-publications';
import { AllocationLog1767800000000 } from './migrations/1767800000000-allocation-log';
import { OfferWindowFromDelivery1768110000000 } from './migrations/1768110000000-offer-window-from-delivery';
import { PublicationInstants1768300000000 } from './migrations/1768300000000-publication-instants';
import { OnePublicationOnce1768400000000 } from './migrations/1768400000000-one-publication-once';
import { OfferRound } from './offer/offer-round.entity';
import { Offer } from './offer/offer.entity';
import { KindergartenBlock } from './referral/kindergarten-block.entity';
import { Referral } from './referral/referral.entity';
import { SignedActionRecord } from './signed-action/signed-action.entity';

export const queueData: DataSourceDefinition = {
  schema: 'queue',
  entities: [
    Application,
    Referral,
    HistoryEntry,
    SignedActionRecord,
    IssuedDocumentRecord,
    OfferRound,
    Offer,
    KindergartenBlock,
    CalendarChangeRecord,
  ],
  migrations: [
    Applications1767000000000,
    SignedActions1767300000000,
    Filing1767600000000,
    PositionIndexes1767610000000,
    Documents1767620000000,
    JournalIndexes1767630000000,
    JournalTally1767640000000,
    ReferralDocuments1767645000000,
    Calendar1767700000000,
    Offers1767710000000,
    SeatPublications1767720000000,
    AllocationLog1767800000000,
    OfferWindowFromDelivery1768110000000,
    PublicationInstants1768300000000,
    OnePublicationOnce1768400000000,
  ],
};
