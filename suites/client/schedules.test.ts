// Client API, schedules and their tasks (legacy docs page client/schedules;
// spec/legacy-docs-claims.yaml, discrepancy 1). Every operation the page documents is one behaviour, generated from spec/legacy-docs-claims.yaml:
// the client schedule API arrived in 1.x; the task list and task view exist in no version, so a stock v0.7.19 panel's router refuses each one before any middleware runs.
import { describe } from 'vitest';
import { conformance } from '../support/conformance.ts';
import { discoverClient } from '../support/discovery.ts';
import { expectNotRouted, legacyOperations, notRoutedStatement } from '../support/legacy-claims.ts';

describe('Client API, schedules (legacy docs page client/schedules): not routed by a stock v0.7.19 panel', () => {
  for (const op of legacyOperations({ api: 'client', category: 'schedules', inV07: false })) {
    conformance(
      notRoutedStatement(op),
      { behaviour: `${op.id}.not-routed`, effect: op.method === 'GET' ? 'read' : 'write', keys: ['client'], category: 'client/schedules' },
      async (s) => {
        const { ownedIdentifier } = await discoverClient(s);
        await expectNotRouted(s, op, { server: ownedIdentifier });
      },
    );
  }
});
