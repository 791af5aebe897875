// Client API pages of the legacy docs that a stock v0.7.19 panel does not route at all (spec/legacy-docs-claims.yaml,
// discrepancy 1): every client category none of whose documented operations exists in 0.7. Each documented operation
// is one behaviour, generated from the claims; the router refuses it before any middleware runs. Why each page is absent:
// account (keys are managed in the web UI, /account/api), subusers (users: no API in 0.7), backups (arrived in 1.0),
// databases, files, network, schedules (the client APIs arrived in 1.x; some documented routes exist in no version).
import { describe } from 'vitest';
import { conformance } from '../support/conformance.ts';
import { discoverClient } from '../support/discovery.ts';
import { legacyOperations, notRoutedStatement } from '../../harness/legacy-claims.ts';
import { expectNotRouted } from '../support/not-routed.ts';

const documented = legacyOperations({ api: 'client' });
const unimplemented = [...new Set(documented.map((op) => op.category))]
  .filter((category) => documented.every((op) => op.category !== category || !op.in_v0_7))
  .sort();

for (const category of unimplemented) {
  describe(`Client API, ${category} (legacy docs page client/${category}): not routed by a stock v0.7.19 panel`, () => {
    for (const op of legacyOperations({ api: 'client', category, inV07: false })) {
      conformance(
        notRoutedStatement(op),
        { behaviour: `${op.id}.not-routed`, effect: op.method === 'GET' ? 'read' : 'write', keys: ['client'], category: `client/${category}` },
        async (s) => {
          const { ownedIdentifier } = await discoverClient(s);
          await expectNotRouted(s, op, { server: ownedIdentifier });
        },
      );
    }
  });
}
