import { Global, Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@kezek/service-runtime';
import { IdentityConfig } from '../config';
import { EdsTrust, loadEdsTrust } from './eds-trust';
import { SignatureVerifier } from './signature-verifier';

@Global()
@Module({
  providers: [
    { provide: EdsTrust, inject: [SERVICE_CONFIG], useFactory: (config: IdentityConfig) => loadEdsTrust(config) },
    SignatureVerifier,
  ],
  exports: [SignatureVerifier],
})
export class EdsModule {}
