import { parse } from 'csv-parse/sync';
import { DomainError } from '@kezek/errors';
import { KindergartenFields, kindergartenFields } from '../kindergarten/registry.schema';

/** The columns of an import file (header row required, any order; `phone` may be empty). */
export const CSV_COLUMNS = [
  'name_kk',
  'name_ru',
  'address',
  'phone',
  'lat',
  'lng',
  'region_id',
  'district_id',
  'is_state',
  'languages',
] as const;
export const MAX_IMPORT_ROWS = 20_000;

export interface ParsedRow {
  /** Line number in the file: the header is 1, the first kindergarten 2. */
  row: number;
  nameRu: string;
  fields?: KindergartenFields;
  reasons: string[];
}

const BOOLEAN: Record<string, boolean> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
  yes: true,
  no: false,
  да: true,
  нет: false,
  иә: true,
  жоқ: false,
};

function number(value: string): number | undefined {
  return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : undefined;
}

/** The same kindergarten twice: same region, name and address (as the database's unique index). */
export function identityKey(f: Pick<KindergartenFields, 'regionId' | 'nameRu' | 'address'>): string {
  return `${f.regionId}\u0000${f.nameRu.toLowerCase()}\u0000${f.address.toLowerCase()}`;
}

/**
 * Parses and checks every row on its own (field rules, duplicates within the file); rules that
 * need the database (scope, district in region, already registered) are the service's.
 */
export function parseKindergartenCsv(csv: string): ParsedRow[] {
  let records: string[][];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (e) {
    // csv-parse's message quotes the file; say where, never what.
    const { code, lines } = e as { code?: string; lines?: number };
    throw new DomainError(
      'VALIDATION_FAILED',
      `the file is not valid CSV (${code ?? 'unparsable'} at line ${lines ?? '?'})`,
      {
        fields: [{ field: 'csv', problem: 'not CSV' }],
      },
    );
  }
  const [header = [], ...lines] = records;
  const names = header.map((h) => h.toLowerCase());
  const missing = CSV_COLUMNS.filter((c) => c !== 'phone' && !names.includes(c));
  if (missing.length > 0)
    throw new DomainError('VALIDATION_FAILED', `missing columns: ${missing.join(', ')}`, {
      fields: [{ field: 'csv', problem: `missing columns ${missing.join(', ')}` }],
    });
  if (lines.length === 0)
    throw new DomainError('VALIDATION_FAILED', 'the file has no rows', {
      fields: [{ field: 'csv', problem: 'no rows' }],
    });
  if (lines.length > MAX_IMPORT_ROWS)
    throw new DomainError('VALIDATION_FAILED', `at most ${MAX_IMPORT_ROWS} rows per file`, {
      fields: [{ field: 'csv', problem: 'too many rows' }],
    });

  const seen = new Map<string, number>();
  return lines.map((cells, i) => {
    const row = i + 2;
    const cell = (c: (typeof CSV_COLUMNS)[number]) => cells[names.indexOf(c)] ?? '';
    const reasons: string[] = [];
    if (cells.length !== header.length) reasons.push(`has ${cells.length} cells, the header has ${header.length}`);
    const isState = BOOLEAN[cell('is_state').toLowerCase()];
    if (isState === undefined) reasons.push('is_state: must be true or false');
    const candidate = {
      nameKk: cell('name_kk'),
      nameRu: cell('name_ru'),
      address: cell('address'),
      phone: cell('phone') || null,
      location: { lat: number(cell('lat')), lng: number(cell('lng')) },
      regionId: cell('region_id'),
      districtId: cell('district_id'),
      isState,
      languages: cell('languages')
        .split(/[;|,\s]+/)
        .filter(Boolean)
        .map((l) => l.toUpperCase()),
    };
    const parsed = kindergartenFields.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.path[0] !== 'isState') reasons.push(`${issue.path.join('.')}: ${issue.message}`);
      }
    }
    if (parsed.success && reasons.length === 0) {
      const key = identityKey(parsed.data);
      const first = seen.get(key);
      if (first !== undefined) reasons.push(`repeats row ${first}`);
      else seen.set(key, row);
    }
    return {
      row,
      nameRu: candidate.nameRu,
      reasons,
      ...(parsed.success && reasons.length === 0 ? { fields: parsed.data } : {}),
    };
  });
}
