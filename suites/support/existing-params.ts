// Path parameters naming resources that exist (found by discovery, or pinned), for the checks a 1.x panel
// makes after its binding middleware: SubstituteBindings / SubstituteClientBindings come first in the
// application-api and client-api groups (v1.11.8:app/Http/Kernel.php#L72-L79), so a missing model is a 404
// before the key-type, root-admin and permission checks, and only a real id reaches them. Pure reads of
// discovery: nothing is created.
import { unavailable } from '../../harness/failure.ts';
import type { OperationInfo } from '../../harness/operation-index.ts';
import { discover, discoverClient } from './discovery.ts';
import type { Session } from './session.ts';

/** Whether `existingParams` can fill the operation's path: application routes, and client routes of one server. */
export function fillsWithExisting(op: OperationInfo): boolean {
  const names = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  return op.api === 'application' || names.every((n) => n === 'server');
}

/**
 * The operation's path parameters, each naming an existing resource (the parent of a nested one included);
 * `absent` names parameters to leave to the caller (an unknown child under an existing parent).
 */
export async function existingParams(s: Session, op: OperationInfo, absent: readonly string[] = []): Promise<Record<string, string | number>> {
  const names = op.parameters.filter((p) => p.in === 'path' && !absent.includes(p.name)).map((p) => p.name);
  if (op.api === 'client') {
    if (!fillsWithExisting(op)) throw new Error(`existingParams: ${op.operationId} names more than its server`);
    return names.length === 0 ? {} : { server: (await discoverClient(s)).ownedIdentifier };
  }
  const d = await discover(s);
  const params: Record<string, string | number> = {};
  for (const name of names) {
    switch (name) {
      case 'user':
        params[name] = d.userId;
        break;
      case 'server':
        params[name] = d.serverId;
        break;
      case 'node':
        params[name] = d.nodeId;
        break;
      case 'location':
        params[name] = d.locationId;
        break;
      case 'nest':
        params[name] = d.nestId;
        break;
      case 'egg':
        params[name] = d.eggId;
        break;
      case 'force':
        params[name] = 'force';
        break;
      case 'allocation':
        params[name] = d.allocationId ?? unavailable(`discovery: node ${d.nodeId} has no allocation for ${op.operationId}`);
        break;
      case 'database':
        params[name] = d.databaseId ?? unavailable(`discovery: server ${d.serverId} has no database for ${op.operationId}`);
        break;
      case 'external_id': {
        const external = op.path.includes('/users/') ? d.userExternalId : d.serverExternalId;
        params[name] = external ?? unavailable(`discovery: no ${op.path.includes('/users/') ? 'user' : 'server'} on the first page has an external_id, for ${op.operationId}`);
        break;
      }
      default:
        throw new Error(`existingParams: no discovered value for {${name}} of ${op.operationId}`);
    }
  }
  return params;
}
