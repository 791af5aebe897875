import { CleanupError } from '../../harness/failure.ts';
import { afterAll } from 'vitest';
import { removeRecorded } from './created-resources.ts';
import { session } from './session.ts';

// After every suite file: remove what it created, even when its tests failed.
afterAll(async () => {
  const s = await session();
  const left = await removeRecorded(s);
  if (left.length > 0) {
    throw new CleanupError(`could not remove resources this run created (the ledger ${s.ledger.path} keeps them for npm run cleanup):\n${left.join('\n')}`);
  }
});
