// The upgrade report on small documents: reporters/upgrade-fixtures/behaviour-v0.7.19.json is trimmed
// from a conformance run against the embedded mock; behaviour-v1.11.json is hand-built from the v1.11.8
// transformers in the same format (no v1.11 suite exists yet). One test per verdict kind; observation
// kept apart from the source reading; the access log's ranking; client masking.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AccessLogUsage } from '../harness/access-log.ts';
import { loadUpgradeMapping } from '../harness/upgrade-mapping.ts';
import type { BehaviourDocument } from './behaviour-document.ts';
import { renderUpgradeMarkdown } from './upgrade-markdown.ts';
import { documentProfile } from './upgrade-profile.ts';
import { breakingMet, buildUpgradeReport, observedChanges, type OperationOut, type UpgradeReport } from './upgrade-report.ts';

const mapping = loadUpgradeMapping();
const fixture = (name: string) => JSON.parse(readFileSync(`reporters/upgrade-fixtures/${name}`, 'utf8')) as BehaviourDocument;
const v07 = fixture('behaviour-v0.7.19.json');
const v111 = fixture('behaviour-v1.11.json');
const build = (over: Partial<Parameters<typeof buildUpgradeReport>[0]> = {}) => buildUpgradeReport({ mapping, before: v07, after: v111, generatedAt: '2026-12-07T08:00:00Z', ...over });
const op = (report: UpgradeReport, id: string) => report.operations.find((o) => o.operation === id) as OperationOut;

const usage: AccessLogUsage = {
  file: 'access.log',
  gzip: false,
  lines: 12,
  unknownLines: 2,
  otherRequests: 1,
  apiRequests: 9,
  operations: {
    getClientServerUtilization: { calls: 5, clients: { '198.51.100.7': 4, '198.51.100.8': 1 }, statuses: { '200': 5 } },
    rebuildServer: { calls: 2, clients: { '203.0.113.10': 2 }, statuses: { '204': 2 } },
    getUser: { calls: 1, clients: { '203.0.113.10': 1 }, statuses: { '200': 1 } },
  },
  unmapped: { 'GET /api/client/account': 1 },
};

describe('one verdict per kind', () => {
  const report = build();

  it('gone: rebuild has no route on 1.11, and nothing to observe there', () => {
    const r = op(report, 'rebuildServer');
    expect(r).toMatchObject({ verdict: 'gone', breaking: true, verdicts: { source: ['gone'], observed: [] } });
    expect(r.gone).toMatch(/rebuild endpoint was removed/);
    expect(r.observed.compared).toBe(false);
  });

  it('moved: utilization is /resources, and the runs confirm its fields changed', () => {
    const r = op(report, 'getClientServerUtilization');
    expect(r).toMatchObject({ verdict: 'moved', breaking: true, to: { operation: 'getClientServerResources', method: 'GET', path: '/api/client/servers/{server}/resources' } });
    expect(r.verdicts.observed).toEqual(['changed-fields']);
    expect(r.changes.find((c) => /state → current_state/.test(c.summary))).toMatchObject({ evidence: 'source', observation: 'confirmed' });
    expect(r.observed.changes.filter((c) => c.breaking).map((c) => c.subject)).toEqual(['/attributes/cpu', '/attributes/disk', '/attributes/memory', '/attributes/state']);
  });

  it('changed fields and types: the server object, pack gone and installed an integer, both observed', () => {
    const r = op(report, 'getServer');
    expect(r).toMatchObject({ verdict: 'changed-fields', breaking: true });
    expect(r.changes.find((c) => /attributes\.pack is gone/.test(c.summary))?.observation).toBe('confirmed');
    expect(r.changes.find((c) => /installed is 1 or 0/.test(c.summary))?.observation).toBe('confirmed');
    expect(r.observed.changes).toContainEqual(expect.objectContaining({ kind: 'field-retyped', subject: '/attributes/container/installed', before: 'boolean', after: 'integer', breaking: true }));
  });

  it('changed statuses and error shapes: a command to a stopped server is 502, not 412; the 422 envelope observed', () => {
    const r = op(report, 'sendClientServerCommand');
    expect(r).toMatchObject({ verdict: 'changed-statuses', breaking: true });
    expect(r.verdicts.source).toEqual(['changed-statuses', 'changed-limits']);
    expect(r.observed.changes).toContainEqual(expect.objectContaining({ kind: 'error-codes-changed', status: '422', before: 'required, string', after: 'ValidationException', breaking: true }));
    expect(r.observed.changes).toContainEqual(expect.objectContaining({ kind: 'status-removed', status: '412', informative: true }));
  });

  it('changed limits and key rules: power needs the 1.x permission names', () => {
    const r = op(report, 'sendClientServerPower');
    expect(r).toMatchObject({ verdict: 'changed-limits', breaking: true, verdicts: { source: ['changed-limits'], observed: [] } });
    expect(r.observed.note).toMatch(/the 0.7 document does not list this operation/);
  });

  it('same: getUser, by the source and by what both runs saw', () => {
    const r = op(report, 'getUser');
    expect(r).toMatchObject({ verdict: 'same', breaking: false, verdicts: { source: ['same'], observed: [] } });
    expect(r.observed.compared).toBe(true);
    // the 401's new error code is the every-call change's, not getUser's
    expect(r.observed.changes.filter((c) => !c.informative)).toEqual([expect.objectContaining({ kind: 'error-codes-changed', status: '401', explainedBy: 'unauthenticated-envelope' })]);
  });

  it('lists all 46 operations, breaking first, and counts them', () => {
    expect(report.operations).toHaveLength(46);
    const firstSafe = report.operations.findIndex((o) => !o.breaking);
    expect(report.operations.slice(firstSafe).every((o) => !o.breaking)).toBe(true);
    expect(report.summary.breaking).toBe(firstSafe);
    expect(Object.values(report.summary.byVerdict).reduce((a, b) => a + b, 0)).toBe(46);
  });
});

describe('what the runs observed, apart from the source reading', () => {
  it('makes an operation the source calls the same "changed" when the runs show a field gone', () => {
    const after = structuredClone(v111);
    const getUser = after.operations.find((o) => o.key === 'getUser')!;
    delete getUser.statuses['200']!.fields['/attributes/language'];
    const r = op(build({ after }), 'getUser');
    expect(r).toMatchObject({ verdict: 'changed-fields', breaking: true, verdicts: { source: ['same'], observed: ['changed-fields'] } });
  });

  it('says CONTRADICTED when the 1.x run still shows a field the source says is gone', () => {
    const after = structuredClone(v111);
    after.operations.find((o) => o.key === 'getServer')!.statuses['200']!.fields['/attributes/pack'] = 'integer|null';
    const c = op(build({ after }), 'getServer').changes.find((x) => /attributes\.pack is gone/.test(x.summary))!;
    expect(c.observation).toBe('contradicted');
    expect(c.observed).toMatch(/still saw \/attributes\/pack/);
  });

  it('confirms the rate limits and the validation envelope from the documents, and contradicts a limit not seen', () => {
    const report = build();
    expect(report.common.find((c) => c.id === 'application-rate-limit')).toMatchObject({ observation: 'confirmed', observed: 'X-RateLimit-Limit 120 on 0.7, 240 on 1.x' });
    expect(report.common.find((c) => c.id === 'validation-error-envelope')).toMatchObject({ breaking: true, observation: 'confirmed' });
    expect(report.common.find((c) => c.id === 'unauthenticated-envelope')).toMatchObject({ observation: 'confirmed', observed: expect.stringMatching(/401: error codes HttpException → AuthenticationException/) });
    const after = structuredClone(v111);
    after.rateLimits = { application: [60], client: [720] };
    expect(build({ after }).common.find((c) => c.id === 'application-rate-limit')?.observation).toBe('contradicted');
  });

  it('treats a status only one run saw as informative, and a vanished success status as breaking', () => {
    const a = v07.operations.find((o) => o.key === 'getUser')!;
    const b = structuredClone(v111.operations.find((o) => o.key === 'getUser')!);
    delete b.statuses['200'];
    delete b.statuses['404'];
    const changes = observedChanges(a, b);
    expect(changes).toContainEqual(expect.objectContaining({ kind: 'status-removed', status: '200', breaking: true, informative: false }));
    expect(changes).toContainEqual(expect.objectContaining({ kind: 'status-removed', status: '404', breaking: false, informative: true }));
  });
});

describe("your integrations' calls", () => {
  it('ranks the called operations that break by calls, with their clients, masked by default', () => {
    const report = build({ usage, maskClients: true });
    expect(report.usage!.ranking.map((r) => [r.operation, r.calls])).toEqual([
      ['getClientServerUtilization', 5],
      ['rebuildServer', 2],
    ]);
    const clients = report.usage!.ranking[0]!.clients;
    expect(clients.map((c) => c.calls)).toEqual([4, 1]);
    for (const c of clients) expect(c.client).toMatch(/^client-[0-9a-f]{8}$/);
    expect(JSON.stringify(report)).not.toContain('198.51.100.7');
    expect(report.usage).toMatchObject({ clientsMasked: true, mappedRequests: 8, callsPerApi: { application: 3, client: 5 }, unmapped: [{ call: 'GET /api/client/account', calls: 1 }] });
    // the same address is one pseudonym everywhere in the report
    expect(op(report, 'rebuildServer').calls!.clients[0]!.client).toBe(op(report, 'getUser').calls!.clients[0]!.client);
  });

  it('keeps the addresses as logged when masking is off (PTERO_KEEP_PERSONAL_DATA=1)', () => {
    const report = build({ usage, maskClients: false });
    expect(report.usage!.ranking[0]!.clients).toEqual([
      { client: '198.51.100.7', calls: 4 },
      { client: '198.51.100.8', calls: 1 },
    ]);
    expect(report.usage!.clientsMasked).toBe(false);
  });

  it('puts the most-called breaking operations first in the report', () => {
    const report = build({ usage });
    expect(report.operations.slice(0, 2).map((o) => o.operation)).toEqual(['getClientServerUtilization', 'rebuildServer']);
  });

  it('says a breaking change meets the calls only when a called operation or a called API has one', () => {
    expect(breakingMet(build({ usage }))).toBe(true);
    const harmless: AccessLogUsage = { ...usage, operations: { getUser: usage.operations['getUser']! } };
    const onlyGetUser = build({ usage: harmless });
    expect(onlyGetUser.usage!.ranking).toEqual([]);
    // getUser is the same, but every application call meets the 401 envelope and the two-factor rule
    expect(breakingMet(onlyGetUser)).toBe(true);
    const noApi: AccessLogUsage = { ...usage, apiRequests: 0, operations: {} };
    expect(breakingMet(build({ usage: noApi }))).toBe(false);
  });
});

describe('upgrade.md', () => {
  const md = renderUpgradeMarkdown(build({ usage, maskClients: true }));

  it('puts the calls first, then every call, then the operations, breaking first', () => {
    const at = (text: string) => md.indexOf(text);
    expect(at("## Your integrations' calls")).toBeGreaterThan(0);
    expect(at("## Your integrations' calls")).toBeLessThan(at('## Every call'));
    expect(at('## Every call')).toBeLessThan(at('## Operations, breaking first'));
    expect(md).toMatch(/\| 1 \| GET \/api\/client\/servers\/\{server\}\/utilization \| 5 \| moved \(new path\) \|/);
    expect(at('### ❌ `GET /api/client/servers/{server}/utilization`')).toBeLessThan(at('### ✅ `GET /api/application/users/{user}`'));
  });

  it('tells the source reading from the observation, with links to the panel at each tag', () => {
    expect(md).toContain('From the source: moved (new path), changed fields and types, changed limits and key rules; from observation: changed fields and types.');
    expect(md).toContain('[v1.11.8:app/Transformers/Api/Client/StatsTransformer.php#L18-L32](https://github.com/pterodactyl/panel/blob/v1.11.8/app/Transformers/Api/Client/StatsTransformer.php#L18-L32)');
    expect(md).toContain('observed: confirmed (200: /attributes/pack seen on 0.7, absent on 1.x)');
    expect(md).not.toContain('198.51.100.7');
  });
});

describe('documentProfile', () => {
  it('tells a 0.7 document from a 1.x one by their operations, or by a recorded profile', () => {
    expect(documentProfile(v07, mapping)).toBe('v0.7.19');
    expect(documentProfile(v111, mapping)).toBe('v1.11');
    expect(documentProfile({ ...v111, profile: 'v0.7.19' } as BehaviourDocument, mapping)).toBe('v0.7.19');
    expect(documentProfile({ ...v07, target: { ...v07.target, profile: 'v1.11' } } as BehaviourDocument, mapping)).toBe('v1.11');
    expect(documentProfile({ ...v07, operations: v07.operations.filter((o) => o.key === 'getUser') }, mapping)).toBeUndefined();
  });
});
