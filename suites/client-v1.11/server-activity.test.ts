// Client API, a server's activity log (GET /api/client/servers/{server}/activity, tagged client/servers
// in the v1.11 spec), a 1.x route only (v1.11.8:routes/api-client.php#L66,
// v1.11.8:app/Http/Controllers/Api/Client/Servers/ActivityLogController.php). Statements say what a
// stock v1.11.8 panel MUST do, on the first server the client key owns. The reads run everywhere; the
// permission check makes the client-stranger key's user a subuser for one behaviour, which needs
// PTERO_ALLOW_WRITES=1 on a live panel and is in the ledger the moment the subuser exists.
import { describe } from 'vitest';
import { call } from '../support/call.ts';
import { activityOrderFindings, expectNone, objectFindings, serverActivityFindings } from '../support/client-v111-findings.ts';
import { conformance } from '../support/conformance.ts';
import { createRecorded, undoNow } from '../support/created-resources.ts';
import { discoverClient } from '../support/discovery.ts';

const V111 = ['v1.11'];
const CATEGORY = 'client/servers';
/** `paginate(min($request->query('per_page', 25), 100))` (ActivityLogController.php#L47). */
const PER_PAGE = 25;

describe('GET /api/client/servers/{server}/activity', () => {
  conformance(
    `GET …/activity MUST answer the server's activity as activity_log objects, ${PER_PAGE} per page, never the hidden event server:file.upload`,
    { operation: 'listClientServerActivity', behaviour: 'client.activity.server.list', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { ownedIdentifier: server } = await discoverClient(s);
      // v1.11.8:app/Http/Controllers/Api/Client/Servers/ActivityLogController.php#L22-L53, v1.11.8:app/Models/ActivityLog.php#L61
      const answer = (await call(s, 'listClientServerActivity', { as: 'client', params: { server } })).status(200).paginated({ perPage: PER_PAGE, page: 1 });
      expectNone([...objectFindings(answer.json, 'activity_log'), ...serverActivityFindings(answer.json)], answer.exchange);
    },
  );

  conformance(
    'GET …/activity?filter[event]=… MUST answer only events containing the value (a partial filter, the one filter allowed)',
    { operation: 'listClientServerActivity', behaviour: 'client.activity.server.filter-event', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { ownedIdentifier: server } = await discoverClient(s);
      const all = (await call(s, 'listClientServerActivity', { as: 'client', params: { server } })).status(200);
      // The part after "server:" of a listed event (e.g. power.start), so the filter has something to find.
      const first = (all.json.data as { attributes: { event: string } }[])[0]?.attributes.event ?? 'server:';
      const filter = first.replace(/^server:/, '') || 'server:';
      // AllowedFilter::partial('event') (ActivityLogController.php#L29)
      const answer = (await call(s, 'listClientServerActivity', { as: 'client', params: { server }, query: { 'filter[event]': filter } })).status(200);
      expectNone(serverActivityFindings(answer.json, filter), answer.exchange);
    },
  );

  conformance(
    'GET …/activity?sort=timestamp MUST answer the oldest first, and sort=-timestamp the newest first',
    { operation: 'listClientServerActivity', behaviour: 'client.activity.server.sort', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { ownedIdentifier: server } = await discoverClient(s);
      // allowedSorts(['timestamp']) (ActivityLogController.php#L28)
      for (const sort of ['timestamp', '-timestamp'] as const) {
        const answer = (await call(s, 'listClientServerActivity', { as: 'client', params: { server }, query: { sort } })).status(200);
        expectNone(activityOrderFindings(answer.json, sort), answer.exchange);
      }
    },
  );

  conformance(
    'GET …/activity?filter[ip]=… MUST answer 400 InvalidFilterQuery (event is the only filter allowed)',
    { operation: 'listClientServerActivity', behaviour: 'client.activity.server.unknown-filter', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { ownedIdentifier: server } = await discoverClient(s);
      // Spatie QueryBuilder refuses a filter not in allowedFilters (v1.11.8:app/Http/Controllers/Api/Client/Servers/ActivityLogController.php#L26-L30).
      (await call(s, 'listClientServerActivity', { as: 'client', params: { server }, query: { 'filter[ip]': '192.0.2.1' } })).error({
        code: 'InvalidFilterQuery',
        status: 400,
        detail: 'Requested filter(s) `ip` are not allowed. Allowed filter(s) are `event`.',
      });
    },
  );
});

conformance(
  'GET …/activity MUST answer 403 to a subuser without activity.read (the controller authorizes it)',
  { operation: 'listClientServerActivity', behaviour: 'client.activity.server.needs-permission', effect: 'write', category: CATEGORY, keys: ['client', 'client-stranger'], profiles: V111, concerns: 'access' },
  async (s) => {
    const { ownedIdentifier: server } = await discoverClient(s);
    const stranger = (await call(s, 'getAccount', { as: 'client-stranger' })).status(200).json.attributes as { email: string };
    const created = (
      await createRecorded(s, 'createSubuser', { as: 'client', params: { server }, body: { email: stranger.email, permissions: ['control.console'] } }, (body) => ({ kind: 'subuser', name: `subuser ${String(body.attributes['email'])} of ${server}`, deleteOperation: 'deleteSubuser', params: { server, user: String(body.attributes['uuid']) } }), [])
    ).status(200);
    const params = { server, user: String(created.json.attributes.uuid) };
    try {
      // `$this->authorize(Permission::ACTION_ACTIVITY_READ, $server)` (v1.11.8:app/Http/Controllers/Api/Client/Servers/ActivityLogController.php#L24)
      (await call(s, 'listClientServerActivity', { as: 'client-stranger', params: { server } })).error({ code: 'AccessDeniedHttpException', status: 403 });
      (await call(s, 'deleteSubuser', { as: 'client', params })).status(204);
      s.ledger.forget('deleteSubuser', params);
    } finally {
      await undoNow(s, 'deleteSubuser', params);
    }
  },
);
