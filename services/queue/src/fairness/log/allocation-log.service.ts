import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ALMATY_OFFSET_MINUTES, almatyDate, Clock } from '@kezek/clock';
import { LogEntry, pseudonym, signDayHead } from '@kezek/fairness';
import { Portals } from '@kezek/portals';
import { SERVICE_CONFIG } from '@kezek/service-runtime';
import { QueueConfig } from '../../config';
import { AllocationLogRepository, SignedDayHead } from './allocation-log.repository';
import { headSigningKey } from './head-signing-key';

/** How often the API looks for a day that ended unsigned (the injected clock decides when one has). */
const SIGNING_INTERVAL_MS = 60_000;

/**
 * The public side of the allocation log: its ranges, its signed day heads, a parent's own
 * pseudonym. A day's head is signed within a minute of the day's end, whether or not anyone asks:
 * the signature commits to the chain before anyone could rewrite it. The API signs (it alone
 * holds the secret the key comes from); every replica may, a day is signed once.
 */
@Injectable()
export class AllocationLogService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AllocationLog');
  private timer?: NodeJS.Timeout;
  private readonly repository: AllocationLogRepository;
  private readonly privateKey: KeyObject;
  readonly publicKeyPem: string;

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) config: QueueConfig,
    private readonly portals: Portals,
  ) {
    this.repository = new AllocationLogRepository(db.manager);
    ({ privateKey: this.privateKey, publicKeyPem: this.publicKeyPem } = headSigningKey(config.DOCUMENTS_LINK_SECRET));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.signEveryPortal(), SIGNING_INTERVAL_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Signs every portal's ended days; a failure is retried at the next tick (and by any reader). */
  async signEveryPortal(): Promise<void> {
    for (const portal of this.portals.all)
      await this.signEndedDays(portal.id).catch((e: unknown) =>
        this.logger.warn(`signing ${portal.id}'s ended days: ${e instanceof Error ? e.message : String(e)}; retried`),
      );
  }

  range(portalId: string, fromSeq: number, limit: number): Promise<LogEntry[]> {
    return this.repository.range(portalId, fromSeq, limit);
  }

  /** The signed heads of the days in [from, to] (Almaty dates); days that ended unsigned are signed first. */
  async dayHeads(portalId: string, from: string, to: string): Promise<SignedDayHead[]> {
    await this.signEndedDays(portalId);
    return this.repository.dayHeads(portalId, from, to);
  }

  /**
   * Signs the head of every day that has ended since the last signed one. Idempotent (a day is
   * signed once; a second signer's insert does nothing), so any reader or job may call it.
   */
  async signEndedDays(portalId: string): Promise<void> {
    const now = this.clock.now();
    const today = new Date(Date.parse(`${almatyDate(now)}T00:00:00Z`) - ALMATY_OFFSET_MINUTES * 60_000);
    for (const head of await this.repository.unsignedDays(portalId, today))
      await this.repository.insertDayHead({
        ...head,
        signature: signDayHead(head, this.privateKey),
        publicKey: this.publicKeyPem,
        signedAt: now,
      });
  }

  /** An application's name in its portal's log (null before the portal's first entry). */
  async pseudonymOf(portalId: string, applicationNumber: string): Promise<string | null> {
    const key = await this.repository.pseudonymKey(portalId);
    return key && pseudonym(key, applicationNumber);
  }
}
