import { expect } from 'vitest';
import type { ResponseContract } from '../../../harness/response-contract.ts';
import type { MockPanel } from '../../panel.ts';
import { request, type TestResponse } from '../../testing/panel-request.ts';

/** GET `url` with a fixture key (memo prefix, e.g. `app-full`). */
export function get(panel: MockPanel, key: string, url: string): Promise<TestResponse> {
  return request(panel, 'GET', url, { key });
}

/** The response breaks nothing the spec says about `operationId`. */
export function expectConforms(contract: ResponseContract, operationId: string, response: TestResponse): void {
  expect(contract.check(operationId, { status: response.status, headers: response.lowerHeaders, rawBody: response.body })).toEqual([]);
}

export const NULL_RESOURCE = { object: 'null_resource', attributes: null };

export const idsOf = (list: { data: { attributes: { id: number } }[] }) => list.data.map((d) => d.attributes.id);
