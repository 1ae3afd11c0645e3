import { EntityManager } from 'typeorm';
import { ManualClock } from '@kezek/clock';
import { isDomainError } from '@kezek/errors';
import { Portals } from '@kezek/portals';
import { ApplicationStatus } from '../application/models/application-status.enum';
import { Privilege } from '../application/models/privilege.enum';
import { QueueConfig } from '../config';
import { contentHash, filingContent } from './document-template';
import { IssuedDocumentRecord } from './document.entity';
import { ApplicationFacts, DocumentRepository } from './document.repository';
import { DocumentService } from './document.service';
import { DocumentKind } from './models/document-kind.enum';

const USER = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const DOC = '0b7e2a4c-1d3f-4e5a-8b6c-7d8e9f0a1b2c';
const APP = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';

const facts: ApplicationFacts = {
  number: 'УО.2026.000001.1',
  createdAt: new Date('2026-03-02T05:00:00Z'),
  childFullName: 'Зуһра Мұхтарқызы Сәрсеңбаева',
  childIin: '230131600027',
  childBirthDate: '2023-01-31',
  groupYear: 2023,
  queueAreaId: 'aktobe',
  privilege: Privilege.NONE,
  status: ApplicationStatus.IN_QUEUE,
  applicantFullName: null,
  language: null,
};
const content = filingContent({ ...facts, queueArea: { kk: 'Ақтөбе', ru: 'Актобе' } });
const record = (over: Partial<IssuedDocumentRecord> = {}): IssuedDocumentRecord => ({
  id: DOC,
  applicationId: APP,
  kind: DocumentKind.CHILD_CARD,
  issuedAt: facts.createdAt,
  verificationCode: 'ABCDEFGHIJKLMNOPQRST',
  content,
  contentSha256: contentHash(DocumentKind.CHILD_CARD, content),
  referralId: null,
  supersededAt: null,
  ...over,
});

const refusal = async (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('not refused');
    },
    (e: unknown) => (isDomainError(e) ? e.code : Promise.reject(e)),
  );

describe('DocumentService', () => {
  const clock = new ManualClock('2026-03-02T05:00:00Z');
  const tx = {} as EntityManager;
  let repo: jest.Mocked<Pick<DocumentRepository, 'applicationFacts' | 'insertMissing' | 'byId' | 'byVerificationCode'>>;
  let service: DocumentService;
  const config = {
    DOCUMENTS_LINK_SECRET: 'document-service-spec-secret-0123456789',
    DOCUMENTS_LINK_TTL_SECONDS: 300,
    DOCUMENTS_PUBLIC_URL: 'https://kezek.example.kz',
  } as QueueConfig;

  beforeEach(() => {
    repo = {
      applicationFacts: jest.fn(),
      insertMissing: jest.fn(async (_tx, docs) =>
        docs.map((d, i) => ({ referralId: null, supersededAt: null, ...d, id: String(i) })),
      ),
      byId: jest.fn(),
      byVerificationCode: jest.fn(),
    };
    service = new DocumentService(repo as unknown as DocumentRepository, clock, Portals.fromEnv(undefined), config);
  });

  it('issues the four filing documents with the queue area named by its portal, each its own code and hash', async () => {
    repo.applicationFacts.mockResolvedValue(facts);
    const issued = await service.issueFilingDocuments(tx, APP, clock.now());
    expect(repo.applicationFacts).toHaveBeenCalledWith(tx, APP);
    expect(issued.map((d) => d.kind)).toEqual([
      'REGISTRATION_NOTICE',
      'DOCUMENTS_RECEIPT',
      'BOOK_REGISTRATION',
      'CHILD_CARD',
    ]);
    expect(issued[0].content).toEqual(content);
    expect(new Set(issued.map((d) => d.verificationCode)).size).toBe(4);
    for (const d of issued) expect(d.contentSha256).toBe(contentHash(d.kind, content));
  });

  it('refuses to issue for an application that does not exist', async () => {
    repo.applicationFacts.mockResolvedValue(null);
    expect(await refusal(service.issueFilingDocuments(tx, APP, clock.now()))).toBe('NOT_FOUND');
    expect(repo.insertMissing).not.toHaveBeenCalled();
  });

  it("opens a document for its link's holder; another sign-in or a missing document is refused", async () => {
    const link = service.linkFor(DOC, USER, 'kk');
    expect(link).toMatch(/^https:\/\/kezek\.example\.kz\/documents\/[\w.-]+\.pdf\?lang=kk$/);
    const token = /documents\/(.+)\.pdf/.exec(link)![1];
    repo.byId.mockResolvedValue(record());
    const opened = await service.openPdf(token, 'kk', USER);
    expect(opened.kind).toBe('CHILD_CARD');
    expect(opened.pdf.subarray(0, 5).toString()).toBe('%PDF-');

    repo.byId.mockClear();
    expect(await refusal(service.openPdf(token, 'kk', OTHER))).toBe('FORBIDDEN');
    expect(repo.byId).not.toHaveBeenCalled();
    repo.byId.mockResolvedValue(null);
    expect(await refusal(service.openPdf(token, 'ru', undefined))).toBe('NOT_FOUND');
  });

  it('verifies a code only while the stored content matches its hash, and says nothing personal', async () => {
    repo.byVerificationCode.mockResolvedValue(record());
    const ok = await service.verify('abcd-efgh-ijkl-mnop-qrst');
    expect(repo.byVerificationCode).toHaveBeenCalledWith('ABCDEFGHIJKLMNOPQRST');
    expect(ok).toMatchObject({ valid: true, kind: 'CHILD_CARD', issuedAt: facts.createdAt, supersededAt: null });
    expect(JSON.stringify(ok)).not.toMatch(/Зуһра|230131600027|УО\./);

    repo.byVerificationCode.mockResolvedValue(record({ content: { ...content, childIin: '230131600028' } }));
    expect(await service.verify('ABCDEFGHIJKLMNOPQRST')).toEqual({
      valid: false,
      kind: null,
      title: null,
      issuedAt: null,
      supersededAt: null,
    });

    repo.byVerificationCode.mockClear();
    expect((await service.verify('not a code')).valid).toBe(false);
    expect(repo.byVerificationCode).not.toHaveBeenCalled();
  });

  it("refuses a referral's document for a group that is not the referral's, issuing nothing", async () => {
    const referral = {
      id: '4d5e6f7a-8b9c-4d0e-8f1a-2b3c4d5e6f7a',
      number: 'НП.2026.000001',
      issuedAt: clock.now(),
      expiresAt: new Date('2026-03-10T18:59:59.999Z'),
      groupId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
    };
    const group = {
      id: '6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c',
      groupYear: 2023,
      language: 'KK' as const,
      capacity: 20,
      freeSeats: 0,
      kindergarten: {
        id: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
        nameKk: 'Балбөбек',
        nameRu: 'Балбобек',
        address: 'Ақтөбе, Абай көшесі, 1',
        phone: null,
        location: { lat: 50.28, lng: 57.17 },
        regionId: 'aktobe',
        districtId: 'aktobe-astana',
        isState: true,
      },
    };
    const application = { ...facts, id: APP, applicantFullName: 'Сәрсеңбаева Гүлнұр' };
    expect(await refusal(service.issueReferralDocument(tx, { application, referral, group }, clock.now()))).toBe(
      'INVALID_STATE',
    );
    expect(repo.insertMissing).not.toHaveBeenCalled();
  });
});
