import { ValidationFailure } from '../../../errors/panel-error.ts';
import { displayExceptionV111, PanelErrorV111 } from '../../errors/panel-error.ts';
import type { ContextV111 } from '../../pipeline/context.ts';
import type { ScheduleRow, ServerRow, TaskRow } from '../../store/rows.ts';
import { scheduleAttributes, taskAttributes } from '../../transform/client/server-transformers.ts';
import type { HandlerTableV111 } from '../handler.ts';
import { noContentV111 } from '../handler.ts';
import { logActivity } from './activity-log.ts';
import { itemBody, listBody } from './client-views.ts';
import { authorizeInController } from './server-access.ts';
import { nextRunAfter, parseCron } from './cron.ts';
import { callWings, targetOf, wingsOf } from './wings-link.ts';
import { initiateBackup } from './server-resources.ts';
import { WingsError } from '../../wings/wings-failure.ts';

/**
 * Schedules and their tasks (v1.11.8:app/Http/Controllers/Api/Client/Servers/ScheduleController.php,
 * ScheduleTaskController.php).
 */

/** config('pterodactyl.client_features.schedules.per_schedule_task_limit'). */
const TASK_LIMIT = 10;

function tasksOf(ctx: ContextV111, schedule: ScheduleRow): TaskRow[] {
  return ctx.panel.store.where('tasks', (row) => row.schedule_id === schedule.id).sort((a, b) => a.sequence_id - b.sequence_id || a.id - b.id);
}

function render(ctx: ContextV111, schedule: ScheduleRow) {
  return scheduleAttributes(schedule, tasksOf(ctx, schedule), ctx.panel.appTimezone);
}

function toDb(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * getNextRunAt (ScheduleController.php#L148-L162): the five cron inputs must be strings (a missing one
 * is a TypeError, 500); an expression the library refuses is a DisplayException (400).
 */
function nextRunAt(ctx: ContextV111): string {
  const parts = ['minute', 'hour', 'day_of_month', 'month', 'day_of_week'].map((key) => ctx.inputValue(key));
  if (parts.some((part) => part === null || part === undefined || typeof part === 'object')) {
    throw new PanelErrorV111('internal', 500, 'TypeError', 'Pterodactyl\\Helpers\\Utilities::getScheduleNextRunDate(): Argument must be of type string, null given', {}, '/app/Helpers/Utilities.php');
  }
  const cron = parseCron(parts.map(String).join(' '));
  const next = cron === undefined ? undefined : nextRunAfter(cron, ctx.panel.clock.nowMs());
  if (next === undefined) throw displayExceptionV111('The cron data provided does not evaluate to a valid expression.');
  return toDb(next);
}

function truthy(value: unknown): boolean {
  return !(value === undefined || value === null || value === false || value === 0 || value === '' || value === '0');
}

/** `$request->boolean()`: FILTER_VALIDATE_BOOLEAN ("1", "true", "on", "yes"). */
function requestBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1;
  return typeof value === 'string' && ['1', 'true', 'on', 'yes'].includes(value.toLowerCase());
}

/** `$request->integer(key, default)`: intval of the input when present. */
function requestInteger(ctx: ContextV111, key: string, fallback: number): number {
  if (!ctx.has(key)) return fallback;
  const value = ctx.inputValue(key);
  const parsed = Number.parseInt(String(value ?? ''), 10);
  return Number.isNaN(parsed) ? 0 : parsed;
}

/** StoreTaskRequest's `required_unless:action,backup` on payload (a rule the shared validator does not model). */
function requirePayload(ctx: ContextV111): void {
  const payload = ctx.inputValue('payload');
  const empty = payload === null || payload === undefined || (typeof payload === 'string' && payload.trim() === '') || (Array.isArray(payload) && payload.length === 0);
  if (ctx.inputValue('action') !== 'backup' && empty) {
    throw new ValidationFailure([{ field: 'payload', code: 'required_unless', detail: 'The payload field is required unless action is in backup.' }]);
  }
}

const backupTaskForbidden = () =>
  new PanelErrorV111('http', 403, 'HttpForbiddenException', "A backup task cannot be created when the server's backup limit is set to 0.", {}, '/app/Http/Controllers/Api/Client/Servers/ScheduleTaskController.php');

/**
 * ProcessScheduleService::handle($schedule, true) (v1.11.8:app/Services/Schedules/ProcessScheduleService.php#L27-L80)
 * and RunTaskJob (v1.11.8:app/Jobs/Schedule/RunTaskJob.php#L44-L121): the first task runs now and its
 * failure is the request's (a DaemonConnectionException unless the task continues on failure, a
 * backup's 429 or limit); the panel queues the rest with their offsets, the twin runs them at once
 * and ignores their failures (a queue worker's, not the request's).
 */
function executeNow(ctx: ContextV111, server: ServerRow, schedule: ScheduleRow): void {
  const tasks = tasksOf(ctx, schedule);
  const first = tasks[0];
  if (!first) throw displayExceptionV111('Cannot process schedule for task execution: no tasks are registered.');
  const cron = parseCron([schedule.cron_minute, schedule.cron_hour, schedule.cron_day_of_month, schedule.cron_month, schedule.cron_day_of_week].join(' '));
  const next = cron ? nextRunAfter(cron, ctx.panel.clock.nowMs()) : undefined;
  schedule.is_processing = true;
  if (next !== undefined) schedule.next_run_at = toDb(next);
  first.is_queued = true;
  const complete = () => {
    schedule.is_processing = false;
    schedule.last_run_at = ctx.panel.clock.dbTimestamp();
  };
  if (schedule.only_when_online) {
    let state = 'offline';
    try {
      state = wingsOf(ctx.panel).details(targetOf(server)).state;
    } catch (error) {
      if (!(error instanceof WingsError)) throw error;
    }
    if (state === 'offline' || state === 'stopping') {
      first.is_queued = false;
      complete();
      return;
    }
  }
  for (const [index, task] of tasks.entries()) {
    task.is_queued = false;
    if (server.status !== null) break;
    try {
      runTask(ctx, server, task);
    } catch (error) {
      const tolerated = task.continue_on_failure && error instanceof PanelErrorV111 && error.code === 'DaemonConnectionException';
      if (tolerated) continue;
      complete();
      if (index === 0) throw error;
      return;
    }
  }
  complete();
}

function runTask(ctx: ContextV111, server: ServerRow, task: TaskRow): void {
  const wings = wingsOf(ctx.panel);
  if (task.action === 'power') callWings(() => wings.power(targetOf(server), task.payload));
  else if (task.action === 'command') callWings(() => wings.commands(targetOf(server), [task.payload]));
  else if (task.action === 'backup') initiateBackup(ctx, server, { ignored: task.payload.split('\n'), name: '', locked: false, override: true });
  else throw new PanelErrorV111('internal', 500, 'InvalidArgumentException', `Invalid task action provided: ${task.action}`, {}, '/app/Jobs/Schedule/RunTaskJob.php');
}

/** The name and cron fields ScheduleController's store() and update() both take from the request. */
function scheduleFields(ctx: ContextV111): Pick<ScheduleRow, 'name' | 'cron_day_of_week' | 'cron_month' | 'cron_day_of_month' | 'cron_hour' | 'cron_minute'> {
  return {
    name: String(ctx.inputValue('name')),
    cron_day_of_week: String(ctx.inputValue('day_of_week')),
    cron_month: String(ctx.inputValue('month')),
    cron_day_of_month: String(ctx.inputValue('day_of_month')),
    cron_hour: String(ctx.inputValue('hour')),
    cron_minute: String(ctx.inputValue('minute')),
  };
}

export const scheduleHandlers: HandlerTableV111 = {
  listSchedules: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    const schedules = ctx.panel.store.where('schedules', (row) => row.server_id === server.id);
    return { status: 200, body: listBody('server_schedule', schedules.map((schedule) => render(ctx, schedule))) };
  },

  getSchedule: (ctx) => ({ status: 200, body: itemBody('server_schedule', render(ctx, ctx.model<ScheduleRow>('schedule'))) }),

  createSchedule: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    const next = nextRunAt(ctx);
    const now = ctx.panel.clock.dbTimestamp();
    const schedule = ctx.panel.store.insert('schedules', {
      server_id: server.id,
      ...scheduleFields(ctx),
      is_active: truthy(ctx.inputValue('is_active')),
      is_processing: false,
      only_when_online: truthy(ctx.inputValue('only_when_online')),
      last_run_at: null,
      next_run_at: next,
      created_at: now,
      updated_at: now,
    });
    logActivity(ctx, 'server:schedule.create', { name: schedule.name });
    return { status: 200, body: itemBody('server_schedule', render(ctx, schedule)) };
  },

  updateSchedule: (ctx) => {
    const schedule = ctx.model<ScheduleRow>('schedule');
    const active = truthy(ctx.inputValue('is_active'));
    const next = nextRunAt(ctx);
    if (schedule.is_active !== active) schedule.is_processing = false;
    Object.assign(schedule, {
      ...scheduleFields(ctx),
      is_active: active,
      only_when_online: truthy(ctx.inputValue('only_when_online')),
      next_run_at: next,
      updated_at: ctx.panel.clock.dbTimestamp(),
    });
    logActivity(ctx, 'server:schedule.update', { name: schedule.name });
    return { status: 200, body: itemBody('server_schedule', render(ctx, schedule)) };
  },

  executeSchedule: (ctx) => {
    const schedule = ctx.model<ScheduleRow>('schedule');
    executeNow(ctx, ctx.model<ServerRow>('server'), schedule);
    logActivity(ctx, 'server:schedule.execute', { name: schedule.name });
    return { status: 202, body: [] };
  },

  deleteSchedule: (ctx) => {
    const schedule = ctx.model<ScheduleRow>('schedule');
    ctx.panel.store.remove('tasks', (row) => row.schedule_id === schedule.id);
    ctx.panel.store.remove('schedules', (row) => row.id === schedule.id);
    logActivity(ctx, 'server:schedule.delete', { name: schedule.name });
    return noContentV111();
  },

  createScheduleTask: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    const schedule = ctx.model<ScheduleRow>('schedule');
    requirePayload(ctx);
    const tasks = tasksOf(ctx, schedule);
    if (tasks.length >= TASK_LIMIT) {
      throw displayExceptionV111(`Schedules may not have more than ${TASK_LIMIT} tasks associated with them. Creating this task would put this schedule over the limit.`, 'ServiceLimitExceededException');
    }
    if (server.backup_limit === 0 && ctx.inputValue('action') === 'backup') throw backupTaskForbidden();
    let sequenceId = (tasks[tasks.length - 1]?.sequence_id ?? 0) + 1;
    let requested = requestInteger(ctx, 'sequence_id', sequenceId);
    if (requested < 1) requested = 1;
    if (requested < sequenceId) {
      for (const task of tasks) if (task.sequence_id >= requested) task.sequence_id += 1;
      sequenceId = requested;
    }
    const now = ctx.panel.clock.dbTimestamp();
    const task = ctx.panel.store.insert('tasks', {
      schedule_id: schedule.id,
      sequence_id: sequenceId,
      action: String(ctx.inputValue('action')),
      payload: ctx.inputValue('payload') === null || ctx.inputValue('payload') === undefined ? '' : String(ctx.inputValue('payload')),
      time_offset: Number(ctx.inputValue('time_offset')),
      is_queued: false,
      continue_on_failure: requestBoolean(ctx.inputValue('continue_on_failure')),
      created_at: now,
      updated_at: now,
    });
    logActivity(ctx, 'server:task.create', { name: schedule.name, action: task.action, payload: task.payload });
    return { status: 200, body: itemBody('schedule_task', taskAttributes(task, ctx.panel.appTimezone)) };
  },

  updateScheduleTask: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    const schedule = ctx.model<ScheduleRow>('schedule');
    const task = ctx.model<TaskRow>('task');
    requirePayload(ctx);
    if (server.backup_limit === 0 && ctx.inputValue('action') === 'backup') throw backupTaskForbidden();
    let sequenceId = requestInteger(ctx, 'sequence_id', task.sequence_id);
    if (sequenceId < 1) sequenceId = 1;
    for (const other of tasksOf(ctx, schedule)) {
      if (other.id === task.id) continue;
      if (sequenceId < task.sequence_id && other.sequence_id >= sequenceId && other.sequence_id < task.sequence_id) other.sequence_id += 1;
      else if (sequenceId > task.sequence_id && other.sequence_id > task.sequence_id && other.sequence_id <= sequenceId) other.sequence_id -= 1;
    }
    Object.assign(task, {
      sequence_id: sequenceId,
      action: String(ctx.inputValue('action')),
      payload: ctx.inputValue('payload') === null || ctx.inputValue('payload') === undefined ? '' : String(ctx.inputValue('payload')),
      time_offset: Number(ctx.inputValue('time_offset')),
      continue_on_failure: requestBoolean(ctx.inputValue('continue_on_failure')),
      updated_at: ctx.panel.clock.dbTimestamp(),
    });
    logActivity(ctx, 'server:task.update', { name: schedule.name, action: task.action, payload: task.payload });
    return { status: 200, body: itemBody('schedule_task', taskAttributes(task, ctx.panel.appTimezone)) };
  },

  deleteScheduleTask: (ctx) => {
    const server = ctx.model<ServerRow>('server');
    const schedule = ctx.model<ScheduleRow>('schedule');
    const task = ctx.model<TaskRow>('task');
    authorizeInController(ctx, server);
    for (const other of tasksOf(ctx, schedule)) if (other.sequence_id > task.sequence_id) other.sequence_id -= 1;
    ctx.panel.store.remove('tasks', (row) => row.id === task.id);
    logActivity(ctx, 'server:task.delete', { name: schedule.name });
    return noContentV111();
  },
};
