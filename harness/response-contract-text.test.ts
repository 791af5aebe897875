import { describe, expect, it } from 'vitest';
import type { OpenAPIV3 } from 'openapi-types';
import { ResponseContract } from './response-contract.ts';

// A text body (the v1.11 client API's file contents, text/plain) is checked as the string it is;
// a JSON media type still needs a JSON document.
const doc = {
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: {
    '/file': {
      get: {
        operationId: 'getText',
        responses: {
          '200': { description: 'text', content: { 'text/plain': { schema: { type: 'string', maxLength: 5 } } } },
          '400': { description: 'json', content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
    },
  },
} as unknown as OpenAPIV3.Document;

describe('response contract: text bodies', () => {
  const contract = new ResponseContract(doc);

  it('validates a text/plain body as a string, not as JSON', () => {
    expect(contract.check('getText', { status: 200, headers: { 'content-type': 'text/plain' }, rawBody: 'eula' })).toEqual([]);
    const tooLong = contract.check('getText', { status: 200, headers: { 'content-type': 'text/plain; charset=UTF-8' }, rawBody: 'eula=true' });
    expect(tooLong.map((v) => v.kind)).toEqual(['body']);
  });

  it('still refuses a JSON media type whose body does not parse', () => {
    const broken = contract.check('getText', { status: 400, headers: { 'content-type': 'application/json' }, rawBody: 'eula' });
    expect(broken).toMatchObject([{ kind: 'body', expected: 'a JSON document' }]);
  });
});
