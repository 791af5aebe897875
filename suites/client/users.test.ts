// Client API, subusers (legacy docs page client/users;
// spec/legacy-docs-claims.yaml, discrepancy 1). Every operation the page documents is one behaviour, generated from spec/legacy-docs-claims.yaml:
// 0.7 has no API for managing subusers, so a stock v0.7.19 panel's router refuses each one before any middleware runs.
import { describe } from 'vitest';
import { conformance } from '../support/conformance.ts';
import { discoverClient } from '../support/discovery.ts';
import { expectNotRouted, legacyOperations, notRoutedStatement } from '../support/legacy-claims.ts';

describe('Client API, users (legacy docs page client/users): not routed by a stock v0.7.19 panel', () => {
  for (const op of legacyOperations({ api: 'client', category: 'users', inV07: false })) {
    conformance(
      notRoutedStatement(op),
      { behaviour: `${op.id}.not-routed`, effect: op.method === 'GET' ? 'read' : 'write', keys: ['client'], category: 'client/users' },
      async (s) => {
        const { ownedIdentifier } = await discoverClient(s);
        await expectNotRouted(s, op, { server: ownedIdentifier });
      },
    );
  }
});
