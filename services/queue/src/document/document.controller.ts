import {
  ArgumentsHost,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  HttpException,
  Logger,
  Param,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AccessTokenVerifier, bearerToken } from '@kezek/auth';
import { Clock, toAlmatyIso } from '@kezek/clock';
import {
  DomainError,
  ErrorCode,
  errorExtensions,
  isConnectionFailure,
  isDomainError,
  refusalExtensions,
} from '@kezek/errors';
import { validateInput } from '@kezek/validation';
import { DocumentService } from './document.service';

const STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION_FAILED: 400,
};

/**
 * Errors of the document routes: JSON in the GraphQL errors shape with their code, never HTML or a
 * stack; a lost database is SERVICE_UNAVAILABLE (503, retry), anything unexpected masked.
 */
@Catch()
class DocumentHttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Documents');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (isDomainError(error)) {
      res
        .status(STATUS[error.code] ?? 422)
        .json({ errors: [{ message: error.message, extensions: refusalExtensions(error) }] });
      return;
    }
    if (error instanceof HttpException && error.getStatus() < 500) {
      const code = error.getStatus() === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
      res.status(error.getStatus()).json({ errors: [{ message: error.message, extensions: errorExtensions(code) }] });
      return;
    }
    this.logger.error(error);
    if (isConnectionFailure(error)) {
      res
        .status(503)
        .json({ errors: [{ message: 'Service unavailable', extensions: errorExtensions('SERVICE_UNAVAILABLE') }] });
      return;
    }
    res
      .status(500)
      .json({ errors: [{ message: 'Internal server error', extensions: errorExtensions('INTERNAL_SERVER_ERROR') }] });
  }
}

const FILE = z.string().regex(/^[\w.-]{1,300}\.pdf$/, 'must be <token>.pdf');
const LANG = z.enum(['kk', 'ru']).default('ru');

/**
 * The documents' HTTP routes, reached only through the gateway (GatewayOnlyMiddleware, see
 * DocumentModule): a document's PDF for the holder of its link, and the public check of a code.
 */
@Controller('documents')
@UseFilters(DocumentHttpErrorFilter)
export class DocumentController {
  constructor(
    private readonly documents: DocumentService,
    private readonly accessTokens: AccessTokenVerifier,
    private readonly clock: Clock,
  ) {}

  @Get('verify/:code')
  async verify(@Param('code') code: string) {
    const result = await this.documents.verify(validateInput(z.string().max(64), code));
    return {
      ...result,
      issuedAt: result.issuedAt && toAlmatyIso(result.issuedAt),
      supersededAt: result.supersededAt && toAlmatyIso(result.supersededAt),
    };
  }

  /** `/documents/<token>.pdf?lang=kk|ru`: the token grants it; a sign-in sent along must be the same person's. */
  @Get(':file')
  async pdf(
    @Param('file') file: string,
    @Query('lang') lang: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const token = validateInput(FILE, file).slice(0, -'.pdf'.length);
    const language = validateInput(LANG, lang);
    const caller = req.headers.authorization === undefined ? undefined : await this.caller(req.headers.authorization);
    const { kind, pdf } = await this.documents.openPdf(token, language, caller);
    res
      .status(200)
      .set({
        'content-type': 'application/pdf',
        'content-length': String(pdf.length),
        'content-disposition': `inline; filename="${kind.toLowerCase().replace(/_/g, '-')}-${language}.pdf"`,
        // Personal data: never kept by a shared cache.
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      })
      .end(pdf);
  }

  private async caller(authorization: string): Promise<string> {
    const token = bearerToken(authorization);
    if (!token) throw new DomainError('UNAUTHENTICATED', 'authorization must be "Bearer <accessToken>"');
    return (await this.accessTokens.verify(token, this.clock.now())).userId;
  }
}
