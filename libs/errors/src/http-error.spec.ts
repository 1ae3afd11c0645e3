import { inputErrorMessage, isJsonContentType, requestErrorResponse } from './http-error';

describe('errors before GraphQL runs', () => {
  it("answers body-parser's refusals as the caller's errors, with fixed messages", () => {
    const parse = Object.assign(new SyntaxError('Unexpected token in JSON: "{"iin": "920417412019"'), {
      type: 'entity.parse.failed',
      status: 400,
      body: '{"iin": "920417412019"',
    });
    expect(requestErrorResponse(parse)).toMatchObject({
      status: 400,
      unexpected: false,
      body: { errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] },
    });
    expect(JSON.stringify(requestErrorResponse(parse))).not.toContain('920417412019');
    expect(requestErrorResponse({ type: 'entity.too.large', status: 413, limit: 2097152 })).toMatchObject({
      status: 413,
      body: { errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE', messages: { kk: expect.any(String) } } }] },
    });
    expect(requestErrorResponse({ type: 'charset.unsupported', status: 415 }).status).toBe(415);
    expect(requestErrorResponse({ type: 'request.aborted', status: 400 }).body.errors[0].extensions.code).toBe(
      'BAD_REQUEST',
    );
  });

  it('masks anything else as a 500 to be logged', () => {
    expect(requestErrorResponse(new Error('/work/app/secret.ts:1'))).toMatchObject({
      status: 500,
      unexpected: true,
      body: {
        errors: [{ message: 'Internal error. Try again later.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      },
    });
  });

  it('accepts JSON content types only', () => {
    expect(isJsonContentType('application/json; charset=utf-8')).toBe(true);
    expect(isJsonContentType('application/graphql-response+json')).toBe(true);
    for (const t of [undefined, 'text/plain', 'text/xml', 'application/x-www-form-urlencoded', 'multipart/form-data'])
      expect(isJsonContentType(t)).toBe(false);
  });

  it("drops the value graphql-js quotes in a variable's coercion error", () => {
    expect(inputErrorMessage('Variable "$x" got invalid value { iin: "920417412019" }; String cannot represent…')).toBe(
      'Variable "$x" has an invalid value.',
    );
    expect(inputErrorMessage('Cannot query field "x"')).toBe('Cannot query field "x"');
  });
});
