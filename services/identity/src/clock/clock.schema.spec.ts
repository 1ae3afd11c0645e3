import { DomainError } from '@kezek/errors';
import { validateInput } from '@kezek/validation';
import { advanceClockInput } from './clock.schema';

describe('advanceClock input', () => {
  const parse = (input: unknown) => validateInput(advanceClockInput, input);
  const fields = (input: unknown) => {
    try {
      parse(input);
    } catch (e) {
      return { code: (e as DomainError).code, fields: (e as DomainError).details?.fields };
    }
    throw new Error('accepted');
  };

  it('takes a duration or an instant', () => {
    expect(parse({ by: 'P3D' })).toEqual({ byMs: 3 * 86_400_000 });
    expect(parse({ by: '3600', to: null })).toEqual({ byMs: 3_600_000 });
    expect(parse({ to: '2026-09-01T09:00:00+05:00' })).toEqual({ to: new Date('2026-09-01T04:00:00Z') });
  });

  it('refuses both, neither and a bad duration as VALIDATION_FAILED naming the field', () => {
    expect(fields({})).toEqual({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'by', problem: 'give either by or to' }],
    });
    expect(fields({ by: 'P1D', to: '2026-09-01T09:00:00Z' })).toMatchObject({ fields: [{ field: 'by' }] });
    expect(fields({ to: '2026-09-01T09:00:00' })).toMatchObject({ fields: [{ field: 'to' }] });
    expect(fields({ to: '' })).toMatchObject({ fields: [{ field: 'to' }] });
    expect(fields({ by: 'three days' })).toEqual({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'by', problem: expect.stringMatching(/ISO-8601 duration/) }],
    });
    expect(fields({ by: 'P1M' })).toMatchObject({ fields: [{ problem: expect.stringMatching(/years and months/) }] });
    expect(fields({ by: 'P1D'.padEnd(100, '0') })).toMatchObject({ fields: [{ field: 'by' }] });
  });
});
