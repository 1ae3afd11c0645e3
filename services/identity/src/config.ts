import { z } from 'zod';
import { commaList, pemKey } from '@kezek/config';
import { internalApiEnv } from '@kezek/internal-api';
import { ServiceConfig } from '@kezek/service-runtime';
import { vacanciesApiEnv } from '@kezek/vacancies-api';

/**
 * identity's own variables, validated with the common ones before boot. The EDS_* variables are
 * the one place the trust configuration lives (pki-fixtures/README.md: production anchors come
 * from configuration, pinned, never mixed with test anchors).
 */
export const identityEnv = {
  /** ES256 private key (PEM) of the access tokens; every subgraph holds the public one. */
  AUTH_JWT_PRIVATE_KEY: pemKey('private'),
  /** `production` takes only pinned production NCA certificates, `test` only TEST ones. */
  EDS_TRUST: z.enum(['test', 'production']).default('production'),
  /** PEM files of the root CAs, comma-separated. */
  EDS_ANCHORS: commaList.refine((v) => v.length > 0, 'is required (comma-separated PEM file paths)'),
  /** PEM files of the issuing CAs between the roots and the signers (NCA: nca_rsa_2022). */
  EDS_INTERMEDIATES: commaList,
  /** SHA-256 (hex) of each anchor, in EDS_ANCHORS order; required in production. */
  EDS_ANCHOR_SHA256: commaList,
  /** NCA's OCSP responder (http://ocsp.pki.gov.kz); asked first. */
  EDS_OCSP_URL: z.string().url('must be a URL').optional(),
  /** The issuing CA's CRL, then optionally its delta CRL: the fallback when OCSP does not answer. */
  EDS_CRL_URLS: commaList.refine(
    (v) => v.length <= 2 && v.every((u) => URL.canParse(u)),
    'must be one or two URLs: the CRL, then the delta CRL',
  ),
  /** NCA's public test IINs fail the checksum: test stores of real NCA material switch it off. */
  EDS_ENFORCE_IIN_CHECKSUM: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** INTERNAL_API_SECRET: identity's internal signing API checks its callers' tokens with it. */
  ...internalApiEnv,
  /**
   * VACANCIES_INTERNAL_URL: vacancies' API (no path, e.g. http://vacancies:4003), whose kindergarten lookup
   * places the kindergartens of staff grants. Asked per grant, never at boot; without its answer
   * grantRole refuses staff grants (SERVICE_UNAVAILABLE).
   */
  ...vacanciesApiEnv,
};

export type IdentityConfig = ServiceConfig<typeof identityEnv>;
