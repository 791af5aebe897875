// Client API, backups (legacy docs page client/backups;
// spec/legacy-docs-claims.yaml, discrepancy 1). Every operation the page documents is one behaviour, generated from spec/legacy-docs-claims.yaml:
// backups arrived in 1.0, so a stock v0.7.19 panel's router refuses each one before any middleware runs.
import { describe } from 'vitest';
import { conformance } from '../support/conformance.ts';
import { discoverClient } from '../support/discovery.ts';
import { expectNotRouted, legacyOperations, notRoutedStatement } from '../support/legacy-claims.ts';

describe('Client API, backups (legacy docs page client/backups): not routed by a stock v0.7.19 panel', () => {
  for (const op of legacyOperations({ api: 'client', category: 'backups', inV07: false })) {
    conformance(
      notRoutedStatement(op),
      { behaviour: `${op.id}.not-routed`, effect: op.method === 'GET' ? 'read' : 'write', keys: ['client'], category: 'client/backups' },
      async (s) => {
        const { ownedIdentifier } = await discoverClient(s);
        await expectNotRouted(s, op, { server: ownedIdentifier });
      },
    );
  }
});
