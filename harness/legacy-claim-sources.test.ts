import { describe, expect, it } from 'vitest';
import { citationsIn, operationSourceVerdict } from './legacy-claim-sources.ts';
import { legacyOperation, sourceVerdictProblems } from './legacy-claims.ts';

describe('a documented operation judged from a profile\'s source', () => {
  it('is false where the profile does not route it and holds where it does, citing the route', () => {
    const account = legacyOperation('client.account.get-account');
    expect(operationSourceVerdict(account, 'v0.7.19', [])).toMatchObject({ verdict: 'false', source: ['v0.7.19:routes/api-client.php#L13-L30'] });
    expect(operationSourceVerdict(account, 'v1.11', [])).toMatchObject({ verdict: 'holds', source: ['v1.11.8:routes/api-client.php#L24-L24'] });
  });

  it('is false where the path has other methods only (1.x disables two-factor with POST …/disable)', () => {
    const verdict = operationSourceVerdict(legacyOperation('client.account.disable-two-factor'), 'v1.11', []);
    expect(verdict.verdict).toBe('false');
    expect(verdict.note).toContain('GET, HEAD, POST only');
  });

  it('is false for a routed operation whose documented detail the profile\'s expectations contradict, with their citations', () => {
    const op = legacyOperation('application.servers.update-server-startup');
    const deviation = { behaviour: 'legacy-docs.application.servers.update-server-startup.documented-required', reason: 'skip_scripts is required.', link: 'spec/legacy-docs-claims.yaml discrepancy 11; v1.11.8:app/Http/Requests/Api/Application/Servers/UpdateServerStartupRequest.php#L27-L27' };
    expect(operationSourceVerdict(op, 'v1.11', [])).toMatchObject({ verdict: 'holds' });
    const contradicted = operationSourceVerdict(op, 'v1.11', [deviation]);
    expect(contradicted.verdict).toBe('false');
    expect(contradicted.source).toContain('v1.11.8:app/Http/Requests/Api/Application/Servers/UpdateServerStartupRequest.php#L27-L27');
    // Another operation's deviation says nothing about this one.
    expect(operationSourceVerdict(legacyOperation('application.servers.update-server-details'), 'v1.11', [deviation]).verdict).toBe('holds');
  });

  it('reads the stock expectations of each profile: 1.11 refuses sort=-created_at on users', () => {
    expect(operationSourceVerdict(legacyOperation('application.users.list-users'), 'v1.11')).toMatchObject({ verdict: 'false' });
    expect(operationSourceVerdict(legacyOperation('application.locations.list-locations'), 'v1.11')).toMatchObject({ verdict: 'holds' });
  });

  it('takes only panel-source citations from a link', () => {
    expect(citationsIn('spec/legacy-docs-claims.yaml discrepancy 6; v1.11.8:config/http.php#L14-L20; wings-v1.11.8:router/websocket/message.go#L3-L14 (prose)')).toEqual([
      'v1.11.8:config/http.php#L14-L20',
      'wings-v1.11.8:router/websocket/message.go#L3-L14',
    ]);
  });
});

describe('the per-profile source verdicts of spec/legacy-docs-claims.yaml', () => {
  const good = { verdict: 'holds', source: ['v1.11.8:config/http.php#L14-L20'], note: 'ok' };
  it('need one cited verdict per registered profile', () => {
    expect(sourceVerdictProblems('row 6', { 'v0.7.19': { ...good, source: ['v0.7.19:app/Http/Kernel.php#L75-L89'] }, 'v1.11': good })).toEqual([]);
    expect(sourceVerdictProblems('row 6', { 'v1.11': good })).toEqual(['row 6: no verdict for v0.7.19']);
    expect(sourceVerdictProblems('row 6', { 'v0.7.19': { ...good, verdict: 'maybe' }, 'v1.11': good })[0]).toContain('not one of holds, false, not checked');
    expect(sourceVerdictProblems('row 6', { 'v0.7.19': { ...good, source: [] }, 'v1.11': good })).toEqual(['row 6: v0.7.19 needs its source citations']);
    expect(sourceVerdictProblems('row 6', { 'v0.7.19': { ...good, source: ['v9.9.9:x.php#L1-L2'] }, 'v1.11': good })[0]).toContain('unknown tag v9.9.9');
    expect(sourceVerdictProblems('row 6', { 'v0.7.19': good, 'v1.11': good, 'v2.0': good })).toEqual(['row 6: v2.0 is no registered profile']);
  });
});
