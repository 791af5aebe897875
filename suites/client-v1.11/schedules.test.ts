// Client API, schedules and their tasks (legacy docs page client/schedules), 1.x routes only
// (v1.11.8:routes/api-client.php#L93-L104), on the discovered owned server. Statements say what a stock
// v1.11.8 panel MUST do. The read (the server's schedules) runs everywhere; the writes need
// PTERO_ALLOW_WRITES=1 on a live panel, create only inactive schedules of the run (a schedule is in the
// ledger from the moment the panel answers it; deleting it deletes its tasks), and never run a task:
// the one execute sent is of a schedule without tasks, which the panel refuses before anything runs.
import { describe } from 'vitest';
import { violate } from '../../harness/failure.ts';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import { runName } from '../support/created-resources.ts';
import type { ExchangeAssertion } from '../support/expect-conformance.ts';
import { ownedServer, subuserLacking } from '../support/owned-server.ts';
import type { Session } from '../support/session.ts';

const V111 = ['v1.11'];
const CATEGORY = 'client/schedules';
/** config('pterodactyl.client_features.schedules.per_schedule_task_limit', 10) (v1.11.8:app/Http/Controllers/Api/Client/Servers/ScheduleTaskController.php#L42-L45). */
const TASK_LIMIT = 10;

type Task = { object: string; attributes: Record<string, unknown> };
type Schedule = { object: string; attributes: Record<string, unknown> & { cron: Record<string, string>; relationships?: { tasks?: { data: Task[] } } } };

const EVERY_FIVE_MINUTES = { minute: '*/5', hour: '*', day_of_month: '*', month: '*', day_of_week: '*' };

/** POST …/schedules (inactive), recorded in the ledger as soon as the panel answers it. */
async function createSchedule(s: Session, server: string, label: string, cron: Record<string, string> = EVERY_FIVE_MINUTES, as: 'client' | 'client-subuser-limited' = 'client'): Promise<ExchangeAssertion> {
  const name = runName(s, label);
  const answer = await call(s, 'createSchedule', { as, params: { server }, body: { name, is_active: false, only_when_online: true, ...cron } });
  const id = answer.json?.attributes?.id;
  if (answer.exchange.response.status === 200 && id !== undefined) s.ledger.record({ kind: 'schedule', name, deleteOperation: 'deleteSchedule', params: { server, schedule: Number(id) } });
  return answer;
}

async function deleteSchedule(s: Session, server: string, schedule: number): Promise<void> {
  (await call(s, 'deleteSchedule', { params: { server, schedule } })).status(204);
  s.ledger.forget('deleteSchedule', { server, schedule });
}

function tasksOf(answer: ExchangeAssertion): Task[] {
  return (answer.json.attributes?.relationships?.tasks?.data ?? []) as Task[];
}

/** Minute and second of an Atom time as the panel's timezone writes it (a +05:30 zone's full hour is not UTC's). */
function localMinuteSecond(atom: unknown): [number, number] {
  const match = /T\d{2}:(\d{2}):(\d{2})/.exec(String(atom));
  return match ? [Number(match[1]), Number(match[2])] : [Number.NaN, Number.NaN];
}

/** The panel's now: its Date header (seconds). */
function panelNow(answer: ExchangeAssertion): number {
  return Date.parse(answer.exchange.response.headers['date'] ?? '');
}

describe('GET /api/client/servers/{server}/schedules', () => {
  conformance(
    "GET …/schedules MUST list the server's schedules as server_schedule items, each with its five cron fields and its tasks (a default include of schedule_task items)",
    { operation: 'listSchedules', behaviour: 'client.schedules.list', effect: 'read', category: CATEGORY, keys: ['client'], profiles: V111 },
    async (s) => {
      const { identifier } = await ownedServer(s);
      const answer = (await call(s, 'listSchedules', { params: { server: identifier } })).status(200);
      (answer.json.data as Schedule[]).forEach((schedule, i) => {
        if (schedule.object !== 'server_schedule') violate(`item ${i} has object ${JSON.stringify(schedule.object)}, not "server_schedule"`, { kind: 'value', pointer: `/data/${i}/object`, expected: '"server_schedule"', actual: schedule.object }, answer.exchange);
        // ScheduleTransformer: tasks is a default include (v1.11.8:app/Transformers/Api/Client/ScheduleTransformer.php#L11-L13, #L53-L60).
        const tasks = schedule.attributes.relationships?.tasks;
        if (!tasks || !Array.isArray(tasks.data) || tasks.data.some((t) => t.object !== 'schedule_task')) violate(`item ${i} lacks its tasks as a list of schedule_task`, { kind: 'include', pointer: `/data/${i}/attributes/relationships/tasks`, expected: 'a list of schedule_task' }, answer.exchange);
      });
    },
  );
});

conformance(
  "POST …/schedules MUST create the schedule with its cron fields and next_run_at the cron's next minute after now; POST …/schedules/{schedule} MUST change it, GET MUST answer it, DELETE MUST remove it (204, then 404)",
  { operation: 'createSchedule', behaviour: 'client.schedules.create-update-delete', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const { identifier } = await ownedServer(s);
    const created = (await createSchedule(s, identifier, 'schedule')).status(200);
    const id = Number(created.json.attributes.id);
    const cron = created.json.attributes.cron as Record<string, string>;
    const expectedCron = { day_of_week: '*', day_of_month: '*', month: '*', hour: '*', minute: '*/5' };
    if (JSON.stringify(cron) !== JSON.stringify(expectedCron)) violate(`cron is ${JSON.stringify(cron)}, not ${JSON.stringify(expectedCron)}`, { kind: 'value', pointer: '/attributes/cron', expected: JSON.stringify(expectedCron), actual: JSON.stringify(cron) }, created.exchange);
    if (created.json.attributes.is_active !== false) violate('is_active is not false as asked', { kind: 'value', pointer: '/attributes/is_active', expected: false, actual: created.json.attributes.is_active }, created.exchange);
    // Utilities::getScheduleNextRunDate: CronExpression's next run after now (v1.11.8:app/Helpers/Utilities.php#L40-L45; ScheduleController.php#L53-L67).
    const next = Date.parse(String(created.json.attributes.next_run_at));
    const now = panelNow(created);
    const [minute, second] = localMinuteSecond(created.json.attributes.next_run_at);
    if (!(next > now - 60_000 && next <= now + 300_000) || minute % 5 !== 0 || second !== 0) {
      violate(`next_run_at ${String(created.json.attributes.next_run_at)} is not the next five-minute mark after the answer's Date ${created.exchange.response.headers['date']}`, { kind: 'value', pointer: '/attributes/next_run_at', expected: 'the next */5 minute', actual: created.json.attributes.next_run_at }, created.exchange);
    }
    const name = runName(s, 'schedule-renamed');
    const updated = (await call(s, 'updateSchedule', { params: { server: identifier, schedule: id }, body: { name, is_active: false, only_when_online: true, minute: '0', hour: '*', day_of_month: '*', month: '*', day_of_week: '*' } })).status(200);
    if (updated.json.attributes.name !== name || updated.json.attributes.cron?.minute !== '0') violate(`the update answered ${JSON.stringify(updated.json.attributes.name)} at minute ${JSON.stringify(updated.json.attributes.cron?.minute)}, not ${JSON.stringify(name)} at "0"`, { kind: 'value', pointer: '/attributes', expected: `${name} at minute 0`, actual: `${String(updated.json.attributes.name)} at minute ${String(updated.json.attributes.cron?.minute)}` }, updated.exchange);
    const nextHour = Date.parse(String(updated.json.attributes.next_run_at));
    if (localMinuteSecond(updated.json.attributes.next_run_at)[0] !== 0 || !(nextHour > panelNow(updated) - 60_000 && nextHour <= panelNow(updated) + 3_600_000)) violate(`next_run_at ${String(updated.json.attributes.next_run_at)} is not the next full hour`, { kind: 'value', pointer: '/attributes/next_run_at', expected: 'the next full hour', actual: updated.json.attributes.next_run_at }, updated.exchange);
    const viewed = (await call(s, 'getSchedule', { params: { server: identifier, schedule: id } })).status(200);
    if (viewed.json.attributes.name !== name) violate(`GET answers ${JSON.stringify(viewed.json.attributes.name)}, not the updated name`, { kind: 'value', pointer: '/attributes/name', expected: name, actual: viewed.json.attributes.name }, viewed.exchange);
    await deleteSchedule(s, identifier, id);
    (await call(s, 'getSchedule', { params: { server: identifier, schedule: id } })).status(404);
  },
);

conformance(
  'POST …/schedules MUST refuse cron fields that are no cron expression with 400 (DisplayException) and create nothing',
  { operation: 'createSchedule', behaviour: 'client.schedules.create.invalid-cron', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const { identifier } = await ownedServer(s);
    const before = (await call(s, 'listSchedules', { params: { server: identifier } })).status(200).json.data.length as number;
    // ScheduleController::getNextRunAt (v1.11.8:app/Http/Controllers/Api/Client/Servers/ScheduleController.php#L170-L183).
    (await createSchedule(s, identifier, 'bad-cron', { ...EVERY_FIVE_MINUTES, minute: 'banana' })).error({ code: 'DisplayException', status: 400, detail: 'The cron data provided does not evaluate to a valid expression.' });
    const after = (await call(s, 'listSchedules', { params: { server: identifier } })).status(200);
    if (after.json.data.length !== before) violate(`the refused schedule was created (${after.json.data.length} schedules, ${before} before)`, { kind: 'state', pointer: '/data', expected: before, actual: after.json.data.length }, after.exchange);
  },
);

conformance(
  'POST …/schedules/{schedule}/execute MUST refuse a schedule without tasks with 400 (DisplayException), before anything runs',
  { operation: 'executeSchedule', behaviour: 'client.schedules.execute.no-tasks', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const { identifier } = await ownedServer(s);
    const id = Number((await createSchedule(s, identifier, 'empty')).status(200).json.attributes.id);
    // ProcessScheduleService::handle (v1.11.8:app/Services/Schedules/ProcessScheduleService.php#L28-L35).
    (await call(s, 'executeSchedule', { params: { server: identifier, schedule: id } })).error({ code: 'DisplayException', status: 400, detail: 'Cannot process schedule for task execution: no tasks are registered.' });
    await deleteSchedule(s, identifier, id);
  },
);

conformance(
  'POST …/schedules/{schedule}/tasks MUST add a task at the end, or at the sequence_id asked (moving the later ones up); POST …/tasks/{task} MUST change it; DELETE …/tasks/{task} MUST remove it and close the gap (204)',
  { operation: 'createScheduleTask', behaviour: 'client.schedules.tasks.sequence', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const { identifier } = await ownedServer(s);
    const schedule = Number((await createSchedule(s, identifier, 'tasks')).status(200).json.attributes.id);
    const params = { server: identifier, schedule };
    // ScheduleTaskController::store (v1.11.8:app/Http/Controllers/Api/Client/Servers/ScheduleTaskController.php#L51-L83).
    const first = (await call(s, 'createScheduleTask', { params, body: { action: 'command', payload: 'say conformance', time_offset: 0 } })).status(200);
    if (first.json.attributes.sequence_id !== 1) violate(`the first task has sequence_id ${JSON.stringify(first.json.attributes.sequence_id)}, not 1`, { kind: 'value', pointer: '/attributes/sequence_id', expected: 1, actual: first.json.attributes.sequence_id }, first.exchange);
    const second = (await call(s, 'createScheduleTask', { params, body: { action: 'power', payload: 'restart', time_offset: 30, sequence_id: 1 } })).status(200);
    if (second.json.attributes.sequence_id !== 1) violate(`the task asked at sequence 1 has sequence_id ${JSON.stringify(second.json.attributes.sequence_id)}`, { kind: 'value', pointer: '/attributes/sequence_id', expected: 1, actual: second.json.attributes.sequence_id }, second.exchange);
    const sequences = async (): Promise<{ answer: ExchangeAssertion; byId: Map<unknown, unknown> }> => {
      const answer = (await call(s, 'getSchedule', { params })).status(200);
      return { answer, byId: new Map(tasksOf(answer).map((t) => [t.attributes['id'], t.attributes['sequence_id']])) };
    };
    const moved = await sequences();
    if (moved.byId.get(first.json.attributes.id) !== 2) violate(`the first task did not move to sequence 2 (it is at ${JSON.stringify(moved.byId.get(first.json.attributes.id))})`, { kind: 'state', pointer: '/attributes/relationships/tasks', expected: 2, actual: moved.byId.get(first.json.attributes.id) }, moved.answer.exchange);
    const task = Number(first.json.attributes.id);
    const updated = (await call(s, 'updateScheduleTask', { params: { ...params, task }, body: { action: 'command', payload: 'say changed', time_offset: 45 } })).status(200);
    if (updated.json.attributes.payload !== 'say changed' || updated.json.attributes.time_offset !== 45) violate(`the update answered payload ${JSON.stringify(updated.json.attributes.payload)} offset ${JSON.stringify(updated.json.attributes.time_offset)}`, { kind: 'value', pointer: '/attributes', expected: 'say changed, 45', actual: `${String(updated.json.attributes.payload)}, ${String(updated.json.attributes.time_offset)}` }, updated.exchange);
    // ScheduleTaskController::delete decrements the later tasks (#L166-L169).
    (await call(s, 'deleteScheduleTask', { params: { ...params, task: Number(second.json.attributes.id) } })).status(204);
    const closed = await sequences();
    if (closed.byId.size !== 1 || closed.byId.get(first.json.attributes.id) !== 1) violate(`after the delete the tasks are ${JSON.stringify([...closed.byId])}, not the remaining one at sequence 1`, { kind: 'state', pointer: '/attributes/relationships/tasks', expected: `[[${String(task)},1]]`, actual: JSON.stringify([...closed.byId]) }, closed.answer.exchange);
    await deleteSchedule(s, identifier, schedule);
  },
);

conformance(
  `POST …/schedules/{schedule}/tasks MUST validate a task (action one of command, power, backup; time_offset at most 900: 422) and refuse an eleventh task with 400 (ServiceLimitExceededException, ${TASK_LIMIT} a schedule)`,
  { operation: 'createScheduleTask', behaviour: 'client.schedules.tasks.limits', effect: 'write', category: CATEGORY, keys: ['client'], profiles: V111 },
  async (s) => {
    const { identifier } = await ownedServer(s);
    const schedule = Number((await createSchedule(s, identifier, 'task-limit')).status(200).json.attributes.id);
    const params = { server: identifier, schedule };
    // StoreTaskRequest (v1.11.8:app/Http/Requests/Api/Client/Servers/Schedules/StoreTaskRequest.php#L20-L28).
    const invalid = (await call(s, 'createScheduleTask', { params, body: { action: 'explode', payload: 'x', time_offset: 901 } })).status(422);
    const rules = ((invalid.json.errors ?? []) as Array<{ meta?: { source_field?: string; rule?: string } }>).map((e) => `${e.meta?.source_field}:${e.meta?.rule}`);
    for (const wanted of ['action:in', 'time_offset:max']) {
      if (!rules.includes(wanted)) violate(`no validation error ${wanted} (got ${JSON.stringify(rules)})`, { kind: 'error', pointer: '/errors', expected: wanted, actual: JSON.stringify(rules) }, invalid.exchange);
    }
    for (let i = 0; i < TASK_LIMIT; i++) (await call(s, 'createScheduleTask', { params, body: { action: 'command', payload: `say ${i}`, time_offset: 0 } })).status(200);
    (await call(s, 'createScheduleTask', { params, body: { action: 'command', payload: 'say too many', time_offset: 0 } })).error({ code: 'ServiceLimitExceededException', status: 400 });
    const after = (await call(s, 'getSchedule', { params })).status(200);
    if (tasksOf(after).length !== TASK_LIMIT) violate(`the schedule has ${tasksOf(after).length} tasks, not ${TASK_LIMIT}`, { kind: 'state', pointer: '/attributes/relationships/tasks', expected: TASK_LIMIT, actual: tasksOf(after).length }, after.exchange);
    await deleteSchedule(s, identifier, schedule);
  },
);

conformance(
  'POST …/schedules MUST refuse a subuser without schedule.create with 403 and create nothing',
  { operation: 'createSchedule', behaviour: 'client.schedules.create.permission', effect: 'write', category: CATEGORY, keys: ['client', 'client-subuser-limited'], profiles: V111, concerns: 'access' },
  async (s) => {
    const server = await ownedServer(s);
    await subuserLacking(s, server, 'schedule.create');
    const before = (await call(s, 'listSchedules', { params: { server: server.identifier } })).status(200).json.data.length as number;
    // StoreScheduleRequest::permission() is schedule.create (v1.11.8:app/Http/Requests/Api/Client/Servers/Schedules/StoreScheduleRequest.php#L10-L13).
    (await createSchedule(s, server.identifier, 'denied', EVERY_FIVE_MINUTES, 'client-subuser-limited')).error({ code: 'AccessDeniedHttpException', status: 403 });
    const after = (await call(s, 'listSchedules', { params: { server: server.identifier } })).status(200);
    if (after.json.data.length !== before) violate(`a schedule was created for the subuser (${after.json.data.length}, ${before} before)`, { kind: 'state', pointer: '/data', expected: before, actual: after.json.data.length }, after.exchange);
  },
);
