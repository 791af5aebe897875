// Client API, account settings, two-factor, e-mail, password and client API keys (legacy docs page client/account;
// spec/legacy-docs-claims.yaml, discrepancy 1). Every operation the page documents is one behaviour, generated from spec/legacy-docs-claims.yaml:
// the 0.7 client API has no account endpoints; client keys are managed in the web UI (/account/api), so a stock v0.7.19 panel's router refuses each one before any middleware runs.
import { describe } from 'vitest';
import { conformance } from '../support/conformance.ts';
import { discoverClient } from '../support/discovery.ts';
import { expectNotRouted, legacyOperations, notRoutedStatement } from '../support/legacy-claims.ts';

describe('Client API, account (legacy docs page client/account): not routed by a stock v0.7.19 panel', () => {
  for (const op of legacyOperations({ api: 'client', category: 'account', inV07: false })) {
    conformance(
      notRoutedStatement(op),
      { behaviour: `${op.id}.not-routed`, effect: op.method === 'GET' ? 'read' : 'write', keys: ['client'], category: 'client/account' },
      async (s) => {
        const { ownedIdentifier } = await discoverClient(s);
        await expectNotRouted(s, op, { server: ownedIdentifier });
      },
    );
  }
});
