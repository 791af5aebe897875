// Which panel version a behaviour document describes, so the two documents of an upgrade check are
// not taken the wrong way round: the profile the run recorded, else its operations (a v0.7.19 run
// lists the operations 1.x does not have under their own ids; a v1.11 run lists ids 0.7 never had).
import type { UpgradeMapping } from '../harness/upgrade-mapping.ts';
import type { BehaviourDocument } from './behaviour-document.ts';

export type DocumentProfile = 'v0.7.19' | 'v1.11';

export function documentProfile(doc: BehaviourDocument, mapping: UpgradeMapping): DocumentProfile | undefined {
  // The run's profile id (`target.profile` since the profile seam; a top-level `profile` accepted too).
  const recorded = (doc.target as { profile?: unknown } | undefined)?.profile ?? (doc as { profile?: unknown }).profile;
  if (typeof recorded === 'string') {
    if (recorded.startsWith('v0.7')) return 'v0.7.19';
    if (recorded.startsWith('v1.')) return 'v1.11';
  }
  const old = new Set(mapping.operations.map((o) => o.operation));
  // 0.7 ids whose route 1.x does not have under the same id: gone or renamed.
  const onlyOld = new Set(mapping.operations.filter((o) => o.to?.operation !== o.operation).map((o) => o.operation));
  const keys = doc.operations.filter((o) => o.operationId !== undefined).map((o) => o.key);
  const hasOld = keys.some((k) => onlyOld.has(k));
  const hasNew = keys.some((k) => !old.has(k));
  if (hasOld && !hasNew) return 'v0.7.19';
  if (hasNew && !hasOld) return 'v1.11';
  return undefined;
}
