import { beforeAll, describe, expect, it } from 'vitest';
import { quirksOf, sourceLinksOf } from '../harness/source-links.ts';
import { operation } from '../harness/spec-operations.ts';
import { apiOf, behaviourDescription, behaviourLabels, behaviourOutcome, severityOf, sourceLinks } from './allure-labels.ts';
import type { RecordedBehaviour } from '../harness/behaviour-meta.ts';
import type { FailureRecord } from '../harness/failure.ts';

const base: RecordedBehaviour = { behaviour: 'users.view.unknown-id', operation: 'getUser', effect: 'read', keys: ['application'], category: 'application/users' };
const values = (labels: { name: string; value: string }[], name: string) => labels.filter((l) => l.name === name).map((l) => l.value);

describe('Allure labels from the behaviour metadata', () => {
  it('parentSuite = API, suite/epic = category, subSuite = describe path, feature = METHOD path, story = behaviour id', () => {
    const labels = behaviourLabels(base, { method: 'get', path: '/api/application/users/{user}' }, ['Users', 'view']);
    expect(values(labels, 'parentSuite')).toEqual(['application']);
    expect(values(labels, 'suite')).toEqual(['application/users']);
    expect(values(labels, 'subSuite')).toEqual(['Users › view']);
    expect(values(labels, 'epic')).toEqual(['application/users']);
    expect(values(labels, 'feature')).toEqual(['GET /api/application/users/{user}']);
    expect(values(labels, 'story')).toEqual(['users.view.unknown-id']);
    expect(values(labels, 'severity')).toEqual(['normal']);
    expect(values(labels, 'tag')).toEqual(['effect:read', 'key:application', 'operation:getUser']);
  });

  it('has no feature without an operation, and tags the run\'s decisions', () => {
    const labels = behaviourLabels({ ...base, operation: undefined, mockOnly: true, rateLimitProbe: true, notRun: 'x', knownIssue: 'y', effect: 'write' }, undefined, []);
    expect(values(labels, 'feature')).toEqual([]);
    expect(values(labels, 'subSuite')).toEqual([]);
    expect(values(labels, 'tag')).toEqual(['effect:write', 'key:application', 'mock-only', 'rate-limit-probe', 'not-run', 'known-issue']);
  });

  it('derives the API from the category', () => {
    expect(apiOf('client/servers')).toBe('client');
    expect(apiOf('legacy-docs')).toBe('legacy-docs');
    expect(apiOf('')).toBe('uncategorised');
  });

  it('derives severity from the metadata: critical for behaviours that concern access or the contract, or need a restricted key; minor for the legacy docs; normal otherwise', () => {
    expect(severityOf(base)).toBe('normal');
    expect(severityOf({ ...base, behaviour: 'contract.routing.unknown-path', concerns: 'contract' })).toBe('critical');
    expect(severityOf({ ...base, keys: ['application-read-only'] })).toBe('critical');
    expect(severityOf({ ...base, behaviour: 'users.list.forbidden', concerns: 'access' })).toBe('critical');
    // From the metadata, never the id's words.
    expect(severityOf({ ...base, behaviour: 'servers.view.403-for-stranger' })).toBe('normal');
    expect(severityOf({ ...base, behaviour: 'contract.x' })).toBe('normal');
    expect(severityOf({ ...base, behaviour: 'legacy-docs.rate-limit.application', category: 'legacy-docs', keys: ['client-stranger'], concerns: 'contract' })).toBe('minor');
  });

  it('describes the behaviour and the run\'s decision', () => {
    const text = behaviourDescription({ ...base, knownIssue: 'the panel answers 500' }, { method: 'get', path: '/x' });
    expect(text).toContain('`users.view.unknown-id`');
    expect(text).toContain('`getUser` (GET /x)');
    expect(text).toContain('**Known deviation** (expectations/): the panel answers 500');
  });
});

describe('Allure status of a behaviour', () => {
  it('a behaviour not run is skipped with its reason', () => {
    const outcome = behaviourOutcome({ ...base, notRun: 'creates or changes resources: set PTERO_ALLOW_WRITES=1' }, { status: 'skipped', statusDetails: undefined }, undefined);
    expect(outcome).toEqual({ status: 'skipped', statusDetails: { message: 'not run: creates or changes resources: set PTERO_ALLOW_WRITES=1' }, outcome: 'not-run' });
  });

  it('a known deviation (passed in vitest) passes, accepted, with a message starting "known deviation:" (never "failed")', () => {
    const annotation = 'known deviation: 120 per minute, not 240 (link)\nlistLocations answered 200: 1 violation(s)';
    expect(behaviourOutcome({ ...base, knownIssue: '120 per minute, not 240' }, { status: 'passed', statusDetails: {} }, { type: 'known-issue', message: annotation })).toEqual({
      status: 'passed',
      statusDetails: { message: annotation },
      outcome: 'known-deviation',
    });
    const legacy = behaviourOutcome({ ...base, knownIssue: 'the claim does not hold' }, { status: 'passed', statusDetails: {} }, { type: 'legacy-docs', message: 'legacy docs claim does not hold: boom' });
    expect(legacy.statusDetails).toEqual({ message: 'known deviation: the claim does not hold\nlegacy docs claim does not hold: boom' });
  });

  it('an unexpected pass is "broken" (the expectations are wrong), any other failure "failed"', () => {
    const fail = (message: string, meta = base) => behaviourOutcome(meta, { status: 'broken', statusDetails: { message } }, undefined).status;
    expect(fail('getUser answered 200: 1 violation(s) of the spec\n  - [status] (body): expected 404, got 200')).toBe('failed');
    expect(fail('refused to send POST /api/application/users: this run is read-only (set PTERO_ALLOW_WRITES=1 to allow writes)')).toBe('failed');
    expect(fail('unexpected pass: x is listed', { ...base, unexpectedPass: true })).toBe('broken');
    expect(behaviourOutcome(undefined, { status: 'passed', statusDetails: {} }, undefined).status).toBe('passed');
  });
});

describe('Allure links to the panel source', () => {
  // Reading the spec is slow on a loaded machine; do it once outside the test's own time.
  beforeAll(() => void operation('sendClientServerPower'), 60_000);

  it("gives a result the operation's x-source and its quirks' sources as links of type source, each URL once", () => {
    const power = operation('sendClientServerPower');
    const links = sourceLinks(sourceLinksOf(power.operation), quirksOf(power.operation, power.parameters));
    expect(links[0]).toEqual({ name: 'v0.7.19:routes/api-client.php#L30-L30', url: 'https://github.com/pterodactyl/panel/blob/v0.7.19/routes/api-client.php#L30-L30', type: 'source' });
    expect(links.every((l) => l.type === 'source' && l.url?.startsWith('https://github.com/'))).toBe(true);
    expect(new Set(links.map((l) => l.url)).size).toBe(links.length);
    expect(links.map((l) => l.name)).toContain('quirk (parameter server): v0.7.19:app/Http/Middleware/Api/Client/SubstituteClientApiBindings.php#L25-L35');
    expect(links.map((l) => l.url)).toContain('https://github.com/laravel/framework/blob/v5.7.14/src/Illuminate/Foundation/Bootstrap/HandleExceptions.php#L57-L62');
    expect(sourceLinks([])).toEqual([]);
  });
});
