import { QueryFailedError } from 'typeorm';

/** The SQLSTATE and constraint of a PostgreSQL error, through TypeORM's wrapper. */
export function pgError(e: unknown): { code?: string; constraint?: string } {
  const driver =
    e instanceof QueryFailedError
      ? (e.driverError as { code?: string; constraint?: string })
      : (e as { code?: string; constraint?: string });
  return { code: driver?.code, constraint: driver?.constraint };
}

export const UNIQUE_VIOLATION = '23505';
export const CHECK_VIOLATION = '23514';
export const FOREIGN_KEY_VIOLATION = '23503';
