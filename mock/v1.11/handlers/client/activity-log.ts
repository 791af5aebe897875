import type { ContextV111 } from '../../pipeline/context.ts';
import type { ActivityLogRow } from '../../store/rows.ts';
import { PanelErrorV111 } from '../../errors/panel-error.ts';
import { activityAttributes } from '../../transform/client/account-transformers.ts';
import { pageBody, perPageOf, requestedIncludes } from './client-views.ts';

/**
 * Activity logging (Activity::event(...)->log()) and the two activity lists
 * (v1.11.8:app/Http/Controllers/Api/Client/ActivityLogController.php#L15-L30, Servers/ActivityLogController.php#L21-L55).
 */

const USER_MORPH = 'Pterodactyl\\Models\\User';
const SERVER_MORPH = 'Pterodactyl\\Models\\Server';
/** ActivityLog::DISABLED_EVENTS. */
const DISABLED_EVENTS = new Set(['server:file.upload']);

export interface ActivitySubject {
  readonly type: 'user' | 'server' | 'other';
  readonly id: number;
  readonly morph?: string;
}

/** Records an event by the request's user, with the request's key; the AccountSubject / ServerSubject middleware add the user or the server as a subject. */
export function logActivity(ctx: ContextV111, event: string, properties: Record<string, unknown> = {}, subjects: ActivitySubject[] = []): void {
  const store = ctx.panel.store;
  const row = store.insert('activity_logs', {
    batch: null,
    event,
    ip: ctx.clientIp,
    description: null,
    actor_type: USER_MORPH,
    actor_id: ctx.actor.id,
    api_key_id: ctx.apiKey?.id ?? null,
    properties,
    timestamp: ctx.panel.clock.dbTimestamp(),
  });
  const server = ctx.models['server'] as { id: number } | undefined;
  const all: ActivitySubject[] = [server ? { type: 'server', id: server.id } : { type: 'user', id: ctx.actor.id }, ...subjects];
  for (const subject of all) {
    const type = subject.type === 'user' ? USER_MORPH : subject.type === 'server' ? SERVER_MORPH : (subject.morph ?? 'Pterodactyl\\Models\\Model');
    store.insert('activity_log_subjects', { activity_log_id: row.id, subject_type: type, subject_id: subject.id });
  }
}

function invalidQuery(code: string, message: string): PanelErrorV111 {
  return new PanelErrorV111('http', 400, code, message, {}, '/vendor/spatie/laravel-query-builder/src/Exceptions/InvalidQuery.php');
}

/** The subject's activity with `filter[event]` (partial), `sort=timestamp|-timestamp`, paginated (25, at most 100). */
export function activityPage(ctx: ContextV111, subjectType: 'user' | 'server', subjectId: number): Record<string, unknown> {
  const store = ctx.panel.store;
  const morph = subjectType === 'user' ? USER_MORPH : SERVER_MORPH;
  const ids = new Set(store.where('activity_log_subjects', (row) => row.subject_type === morph && row.subject_id === subjectId).map((row) => row.activity_log_id));
  let rows = store.where('activity_logs', (row) => ids.has(row.id) && !DISABLED_EVENTS.has(row.event));
  const filter = ctx.query['filter'];
  if (filter !== undefined && filter !== null) {
    const filters = typeof filter === 'object' ? (filter as Record<string, unknown>) : {};
    const unknown = Object.keys(filters).filter((key) => key !== 'event');
    if (unknown.length > 0) throw invalidQuery('InvalidFilterQuery', `Requested filter(s) \`${unknown.join(', ')}\` are not allowed. Allowed filter(s) are \`event\`.`);
    const event = filters['event'];
    if (typeof event === 'string' && event !== '') rows = rows.filter((row) => row.event.toLowerCase().includes(event.toLowerCase()));
  }
  const sort = ctx.query['sort'];
  if (typeof sort === 'string' && sort !== '') {
    const fields = sort.split(',');
    const unknown = fields.filter((field) => field.replace(/^-/, '') !== 'timestamp');
    if (unknown.length > 0) throw invalidQuery('InvalidSortQuery', `Requested sort(s) \`${unknown.join(', ')}\` is not allowed. Allowed sort(s) are \`timestamp\`.`);
    const descending = (fields[0] ?? '').startsWith('-');
    rows = [...rows].sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.id - b.id) * (descending ? -1 : 1));
  }
  const includeActor = requestedIncludes(ctx).has('actor');
  return pageBody(ctx, 'activity_log', rows, perPageOf(ctx, 25, 100), (row: ActivityLogRow) =>
    activityAttributes(row, {
      actor: row.actor_type === USER_MORPH && row.actor_id !== null ? (store.find('users', row.actor_id) ?? null) : null,
      viewer: ctx.actor,
      timezone: ctx.panel.appTimezone,
      includeActor,
    }),
  );
}
