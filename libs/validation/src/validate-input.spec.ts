import { z } from 'zod';
import { validateInput } from './validate-input';

describe('validateInput', () => {
  it('names what is wrong with each field without quoting what was sent', () => {
    const secret = '<login><iin>870312450193</iin></login>';
    const schema = z.object({ language: z.enum(['KK', 'RU', 'EN']).nullable(), count: z.number().int() });
    try {
      validateInput(schema, { language: secret, count: 'x' });
      throw new Error('accepted');
    } catch (e) {
      const error = e as Error & { code: string; details: { fields: Array<{ field: string; problem: string }> } };
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.fields).toEqual([
        { field: 'language', problem: 'must be one of KK, RU, EN' },
        { field: 'count', problem: 'Expected number, received string' },
      ]);
      expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('870312450193');
    }
  });
});
