// Generated from the spec: each operation of suites/contract/unknown-ids.yaml with every path parameter naming
// nothing (absentParams) MUST answer its documented 404. The binding middleware marks a missing model
// (v0.7.19:app/Http/Middleware/Api/ApiSubstituteBindings.php#L48-L74) and the form request answers 404 after the ACL,
// before validation (v0.7.19:app/Http/Requests/Api/Application/ApplicationApiRequest.php#L133-L156); a write still
// sends the spec's own example body, so only the unknown id can explain the 404 (nothing is found, nothing changes).
import { SuiteError } from '../../harness/failure.ts';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import { absentParams, effectOf, statementPath } from '../support/absent-params.ts';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import { existingParams } from '../support/existing-params.ts';
import { operation, yamlDocument } from '../../harness/spec-operations.ts';
import { appliesToProfile } from '../../harness/behaviour-meta.ts';
import { selectedProfile } from '../../harness/selected-profile.ts';

interface UnknownIdEntry {
  operation: string;
  behaviour: string;
  unknown?: string;
  when?: string;
  /** The panel profiles the entry holds for (default: v0.7.19 only). */
  profiles?: string[];
  /** The other path parameters name existing resources (discovery), so the unknown child is what the panel looks up last. */
  existing_parents?: boolean;
}

const ENTRIES = yamlDocument(fileURLToPath(new URL('./unknown-ids.yaml', import.meta.url))) as UnknownIdEntry[];

// An entry of other profiles only may name an operation this profile's spec lacks: not generated.
for (const entry of ENTRIES.filter((e) => appliesToProfile(e, selectedProfile().id))) {
  const op = operation(entry.operation);
  const path = op.parameters.filter((p) => p.in === 'path');
  if (entry.existing_parents && !path.some((p) => p.name === entry.unknown)) throw new SuiteError(`suites/contract/unknown-ids.yaml: ${entry.operation} has no path parameter ${String(entry.unknown)} to leave unknown`);
  // The list is data: an entry the spec does not back (no path parameter, no documented 404) is a mistake.
  if (path.length === 0 || !op.responses['404']) throw new SuiteError(`suites/contract/unknown-ids.yaml: ${entry.operation} has no path parameter or no documented 404`);
  const body = (op.operation.requestBody as { content?: Record<string, { example?: unknown }> } | undefined)?.content?.['application/json']?.example;
  describe(statementPath(op), () => {
    conformance(
      `${statementPath(op)} MUST answer 404 NotFoundHttpException ${entry.when ?? `for an unknown ${entry.unknown ?? 'id'}`}`,
      // A write under existing parents whose child a deviating panel found anyway would act on it: destructive on a live panel.
      { operation: op.operationId, behaviour: entry.behaviour, effect: entry.existing_parents && op.method !== 'get' ? 'destructive' : effectOf(op), keys: ['application'], ...(entry.profiles ? { profiles: entry.profiles } : {}) },
      async (s) => {
        const unknown = entry.unknown ?? 'id';
        const params = entry.existing_parents ? { ...absentParams(op), ...(await existingParams(s, op, [unknown])) } : absentParams(op);
        (await call(s, op.operationId, { params, ...(body === undefined ? {} : { body }) })).error({ code: 'NotFoundHttpException', status: 404 });
      },
    );
  });
}
