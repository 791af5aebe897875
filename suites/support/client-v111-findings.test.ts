// Each requirement of the 1.x client suites fails on a deviating answer (and holds on the stock one):
// the answers are the v1.11.8 shapes, then one thing changed.
import { describe, expect, it } from 'vitest';
import {
  activityOrderFindings,
  attributeFindings,
  catalogueOf,
  expectNone,
  listedFindings,
  metaKeyFindings,
  objectFindings,
  permissionCatalogueFindings,
  permissionSetFindings,
  primaryAllocationFindings,
  serverActivityFindings,
  subuserPermissionFindings,
  validationFindings,
  viewableVariableFindings,
} from './client-v111-findings.ts';

const list = (object: string, attributes: Record<string, unknown>[]) => ({ object: 'list', data: attributes.map((a) => ({ object, attributes: a })) });
const allocations = (defaults: boolean[]) => list('allocation', defaults.map((is_default, i) => ({ id: i + 1, is_default, notes: null })));
const catalogue = { object: 'system_permissions', attributes: { permissions: { websocket: { description: 'd', keys: { connect: 'c' } }, control: { description: 'd', keys: { console: 'c', start: 's' } }, schedule: { description: 'd', keys: { read: 'r' } } } } };
const activity = (events: string[], stamps?: string[]) => list('activity_log', events.map((event, i) => ({ event, timestamp: stamps?.[i] ?? '2024-06-02T12:30:00+00:00' })));
const validation = (field: string, rule: string, detail = 'd') => ({ errors: [{ code: 'ValidationException', status: '422', detail, meta: { source_field: field, rule } }] });

describe('the 1.x client findings', () => {
  it('objects: every item is the named Fractal object', () => {
    expect(objectFindings(allocations([true]), 'allocation')).toEqual([]);
    expect(objectFindings(list('server_allocation', [{ id: 1 }]), 'allocation')[0]?.violation.pointer).toBe('/data/0/object');
  });

  it('allocations: exactly one primary, the expected one', () => {
    expect(primaryAllocationFindings(allocations([true, false]), 1)).toEqual([]);
    expect(primaryAllocationFindings(allocations([false, false]))).toHaveLength(1);
    expect(primaryAllocationFindings(allocations([true, true]))).toHaveLength(1);
    expect(primaryAllocationFindings(allocations([true, false]), 2)).toHaveLength(1);
  });

  it('attributes and listings: the value set, listed or gone', () => {
    expect(attributeFindings({ attributes: { notes: 'n' } }, 'notes', 'n')).toEqual([]);
    expect(attributeFindings({ attributes: { notes: null } }, 'notes', 'n')).toHaveLength(1);
    expect(attributeFindings({ attributes: { allowed_ips: ['192.0.2.0/24'] } }, 'allowed_ips', ['192.0.2.0/24', '198.51.100.7'])).toHaveLength(1);
    expect(listedFindings(allocations([true]), 'id', 1, true)).toEqual([]);
    expect(listedFindings(allocations([true]), 'id', 1, false)).toHaveLength(1);
    expect(listedFindings(allocations([true]), 'id', 2, true)).toHaveLength(1);
  });

  it('permissions: the catalogue object and strings, subusers holding catalogue strings only, the exact set', () => {
    expect(permissionCatalogueFindings(catalogue, ['websocket.connect', 'schedule.read'])).toEqual([]);
    // A catalogue whose schedule group has no keys (the twin's old deviation) lacks schedule.read.
    const noSchedule = { ...catalogue, attributes: { permissions: { ...catalogue.attributes.permissions, schedule: { description: 'd', keys: {} } } } };
    expect(permissionCatalogueFindings(noSchedule, ['schedule.read'])[0]?.message).toContain('schedule.read');
    expect(permissionCatalogueFindings({ ...catalogue, object: 'permissions' }, [])).toHaveLength(1);
    const known = catalogueOf(catalogue);
    expect(subuserPermissionFindings(list('server_subuser', [{ permissions: ['websocket.connect', 'control.console'] }]), known)).toEqual([]);
    expect(subuserPermissionFindings(list('server_subuser', [{ permissions: ['websocket.connect', 'not.a-permission'] }]), known)).toHaveLength(1);
    expect(permissionSetFindings({ attributes: { permissions: ['websocket.connect', 'control.console'] } }, ['control.console', 'websocket.connect'])).toEqual([]);
    // websocket.connect not added, an unknown string kept, a duplicate: each a deviation.
    expect(permissionSetFindings({ attributes: { permissions: ['control.console'] } }, ['control.console', 'websocket.connect'])).toHaveLength(1);
    expect(permissionSetFindings({ attributes: { permissions: ['control.console', 'not.a-permission', 'websocket.connect'] } }, ['control.console', 'websocket.connect'])).toHaveLength(1);
    expect(permissionSetFindings({ attributes: { permissions: ['control.console', 'websocket.connect', 'websocket.connect'] } }, ['control.console', 'websocket.connect'])).toHaveLength(1);
  });

  it('startup: exactly the viewable variables, and the meta keys', () => {
    const startup = { ...list('egg_variable', [{ env_variable: 'A' }, { env_variable: 'B' }]), meta: { startup_command: 'x', raw_startup_command: 'y', docker_images: {} } };
    expect(viewableVariableFindings(startup, ['B', 'A'])).toEqual([]);
    expect(viewableVariableFindings(startup, ['A'])).toHaveLength(1);
    expect(viewableVariableFindings(startup, ['A', 'B', 'HIDDEN'])).toHaveLength(1);
    expect(metaKeyFindings(startup, ['startup_command', 'raw_startup_command', 'docker_images'])).toEqual([]);
    expect(metaKeyFindings({ ...startup, meta: { startup_command: 'x' } }, ['startup_command', 'raw_startup_command'])).toHaveLength(1);
  });

  it('activity: no hidden upload event, the partial filter, the order', () => {
    expect(serverActivityFindings(activity(['server:power.start', 'server:backup.start']))).toEqual([]);
    expect(serverActivityFindings(activity(['server:file.upload']))).toHaveLength(1);
    expect(serverActivityFindings(activity(['server:power.start']), 'power')).toEqual([]);
    expect(serverActivityFindings(activity(['server:power.start', 'server:backup.start']), 'power')).toHaveLength(1);
    const stamps = ['2024-06-01T00:00:00+00:00', '2024-06-02T00:00:00+00:00'];
    expect(activityOrderFindings(activity(['a', 'b'], stamps), 'timestamp')).toEqual([]);
    expect(activityOrderFindings(activity(['a', 'b'], stamps), '-timestamp')).toHaveLength(1);
    expect(activityOrderFindings(activity(['a', 'b'], [...stamps].reverse()), 'timestamp')).toHaveLength(1);
  });

  it('1.x validation errors: 422, the field in meta.source_field, the rule (empty for an after-hook error) and the detail', () => {
    expect(validationFindings(422, validation('public_key', '', 'The public key provided is not valid.'), 'public_key', '', 'The public key provided is not valid.')).toEqual([]);
    expect(validationFindings(422, validation('public_key', 'validation'), 'public_key', '')).toHaveLength(1);
    expect(validationFindings(422, validation('allowed_ips.0', 'allowed_ips.0'), 'allowed_ips.0', '')).toHaveLength(1);
    expect(validationFindings(422, validation('notes', 'present'), 'notes', 'present')).toEqual([]);
    expect(validationFindings(422, validation('notes', 'string'), 'notes', 'present')).toHaveLength(1);
    expect(validationFindings(200, {}, 'notes')[0]?.violation.kind).toBe('status');
    // The 0.7 shape (source.field) is no 1.x validation error.
    expect(validationFindings(422, { errors: [{ code: 'required', source: { field: 'notes' } }] }, 'notes')).toHaveLength(1);
    expect(validationFindings(422, validation('public_key', '', 'another text'), 'public_key', '', 'The public key provided is not valid.')).toHaveLength(1);
  });

  it('reports the first finding as a conformance failure, and nothing without findings', () => {
    expect(() => expectNone([])).not.toThrow();
    expect(() => expectNone(primaryAllocationFindings(allocations([false])))).toThrow(/not exactly one/);
  });
});
