// Application API, nests and eggs (legacy docs page application/nests). Statements say what a stock v0.7.19 panel
// MUST do; those marked SHARED_PROFILES hold for a stock v1.11.8 panel too, with the values that differ by
// profile (perProfile). The config and script includes of an egg that extends another stay 0.7's: no stock
// 1.x egg extends another (v1.11.8:database/Seeders/EggSeeder.php#L55-L83 imports each egg file on its own,
// none names a parent), so a stock 1.x panel has nothing to show them on.
import { unavailable, violate } from '../../harness/failure.ts';
import { describe } from 'vitest';
import { ABSENT_ID } from '../support/absent-params.ts';
import { call } from '../support/call.ts';
import { conformance } from '../support/conformance.ts';
import { perProfile, SHARED_PROFILES } from '../support/per-profile.ts';
import { discover } from '../support/discovery.ts';
import type { Session } from '../support/session.ts';
import { walkAllPages } from '../support/page-walk.ts';

const app = ['application' as const];

// Bodies were checked against the spec before any behaviour reads them.
type Attrs = Record<string, any>;
interface Item {
  object: string;
  attributes: Attrs;
}

const STOCK_NESTS = ['Minecraft', 'Source Engine', 'Voice Servers', 'Rust'];
/**
 * An egg variable as the include renders it: 0.7 hands out the raw row (0/1 flags, "YYYY-MM-DD HH:MM:SS"
 * timestamps, v0.7.19:app/Transformers/Api/Application/EggVariableTransformer.php#L21-L24); 1.x's model casts
 * the flags to booleans and serializes dates as ISO 8601 in UTC with microseconds
 * (v1.11.8:app/Models/EggVariable.php#L56-L60, v1.11.8:app/Transformers/Api/Application/EggVariableTransformer.php#L18-L21).
 */
const VARIABLE_SHAPE = perProfile({
  'v0.7.19': { flags: 'integer 0/1 flags', flag: (v: unknown) => v === 0 || v === 1, timestamps: 'raw "YYYY-MM-DD HH:MM:SS" timestamps', timestamp: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/ },
  'v1.11': { flags: 'boolean flags', flag: (v: unknown) => typeof v === 'boolean', timestamps: 'ISO 8601 UTC timestamps with microseconds', timestamp: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/ },
});

function expectEqual(what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) violate(`${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`, { kind: 'value' });
}

/** `{}` and `[]` are the same empty JSON value once PHP decoded it (v0.7.19:app/Transformers/Api/Application/EggTransformer.php#L48-L54). */
function sameDecoded(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => (Array.isArray(v) && v.length === 0) || (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
  if (empty(a) && empty(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

async function allNests(s: Session): Promise<Attrs[]> {
  return (await walkAllPages(s, 'listNests', { maxPages: 100 })).items.map((d) => d.attributes);
}

const eggCache = new WeakMap<Session, Promise<Attrs[]>>();

/** Every egg of every nest (each egg's `nest` attribute names its nest). */
function allEggs(s: Session): Promise<Attrs[]> {
  let pending = eggCache.get(s);
  if (!pending) {
    pending = (async () => {
      const out: Attrs[] = [];
      for (const nest of await allNests(s)) {
        const eggs = (await call(s, 'listNestEggs', { params: { nest: nest.id } })).status(200).json.data as Item[];
        out.push(...eggs.map((e) => e.attributes));
      }
      return out;
    })();
    eggCache.set(s, pending);
  }
  return pending;
}

async function findEgg(s: Session, what: string, predicate: (egg: Attrs) => boolean): Promise<Attrs> {
  const egg = (await allEggs(s)).find(predicate);
  if (!egg) unavailable(`discovery: no egg ${what}; a stock panel has one`);
  return egg;
}

async function viewEgg(s: Session, egg: Attrs, include?: string): Promise<Attrs> {
  return (await call(s, 'getNestEgg', { params: { nest: egg.nest, egg: egg.id }, ...(include ? { query: { include } } : {}) })).status(200).json.attributes;
}

describe('GET /api/application/nests', () => {
  conformance(
    'GET /api/application/nests MUST list the four stock nests Minecraft, Source Engine, Voice Servers and Rust',
    { operation: 'listNests', behaviour: 'nests.list.stock', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const names = (await allNests(s)).map((n) => n.name);
      const missing = STOCK_NESTS.filter((n) => !names.includes(n));
      if (missing.length > 0) violate(`the nests ${missing.join(', ')} are missing (got ${names.join(', ')})`, { kind: 'value' });
    },
  );

  conformance(
    'GET /api/application/nests MUST accept and ignore search (nests have no search)',
    { operation: 'listNests', behaviour: 'nests.list.search-ignored', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const all = (await call(s, 'listNests')).status(200);
      const searched = (await call(s, 'listNests', { query: { search: 'ptero-conformance-no-such-nest' } })).status(200);
      expectEqual('total with search', searched.json.meta.pagination.total, all.json.meta.pagination.total);
    },
  );

  conformance(
    'GET /api/application/nests?include=eggs,servers MUST render each nest\'s eggs and servers as lists',
    { operation: 'listNests', behaviour: 'nests.list.include', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const answer = (await call(s, 'listNests', { query: { include: 'eggs,servers' } })).status(200).include('eggs', 'rendered').include('servers', 'rendered');
      let eggs = 0;
      for (const nest of answer.json.data as Item[]) {
        const r = nest.attributes.relationships;
        expectEqual('eggs include object', r.eggs.object, 'list');
        expectEqual('servers include object', r.servers.object, 'list');
        if ('meta' in r.eggs || 'meta' in r.servers) violate('an included collection carries meta; included lists are not paginated', { kind: 'include' });
        for (const egg of r.eggs.data as Item[]) {
          eggs++;
          expectEqual('included egg object', egg.object, 'egg');
          expectEqual(`nest of included egg ${egg.attributes.id}`, egg.attributes.nest, nest.attributes.id);
        }
        for (const server of r.servers.data as Item[]) {
          expectEqual('included server object', server.object, 'server');
          expectEqual(`nest of included server ${server.attributes.id}`, server.attributes.nest, nest.attributes.id);
        }
      }
      expectEqual('eggs included over all nests', eggs, (await allEggs(s)).length);
    },
  );
});

describe('GET /api/application/nests/{nest}', () => {
  conformance(
    'GET /api/application/nests/{nest} MUST answer the nest object',
    { operation: 'getNest', behaviour: 'nests.view', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nestId } = await discover(s);
      const answer = (await call(s, 'getNest', { params: { nest: nestId } })).status(200).include('eggs', 'absent');
      expectEqual('object', answer.json.object, 'nest');
      expectEqual('id', answer.json.attributes.id, nestId);
      expectEqual('top-level keys', Object.keys(answer.json).sort(), ['attributes', 'object']);
      const listed = (await allNests(s)).find((n) => n.id === nestId);
      expectEqual('the nest as listed', answer.json.attributes, listed);
    },
  );

  conformance(
    'GET /api/application/nests/{nest}?include=eggs,servers MUST render the nest\'s eggs and servers',
    { operation: 'getNest', behaviour: 'nests.view.include', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nestId } = await discover(s);
      const answer = (await call(s, 'getNest', { params: { nest: nestId }, query: { include: 'eggs,servers' } })).status(200).include('eggs', 'rendered').include('servers', 'rendered');
      const included = (answer.json.attributes.relationships.eggs.data as Item[]).map((e) => e.attributes.id);
      const listed = ((await call(s, 'listNestEggs', { params: { nest: nestId } })).status(200).json.data as Item[]).map((e) => e.attributes.id);
      expectEqual('included egg ids', [...included].sort(), [...listed].sort());
    },
  );
});

describe('GET /api/application/nests/{nest}/eggs', () => {
  conformance(
    'GET /api/application/nests/{nest}/eggs MUST answer every egg of the nest as a list that is not paginated (no meta, page ignored)',
    { operation: 'listNestEggs', behaviour: 'eggs.list', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nestId } = await discover(s);
      const answer = (await call(s, 'listNestEggs', { params: { nest: nestId } })).status(200);
      expectEqual('top-level keys', Object.keys(answer.json).sort(), ['data', 'object']);
      expectEqual('object', answer.json.object, 'list');
      const eggs = answer.json.data as Item[];
      if (eggs.length === 0) violate(`nest ${nestId} has no egg`, { kind: 'value' });
      for (const egg of eggs) {
        expectEqual('item object', egg.object, 'egg');
        expectEqual(`nest of egg ${egg.attributes.id}`, egg.attributes.nest, nestId);
      }
      const paged = (await call(s, 'listNestEggs', { params: { nest: nestId }, query: { page: 2 } })).status(200);
      expectEqual('eggs with page=2', paged.json.data, answer.json.data);
    },
  );

  conformance(
    'GET /api/application/nests/{nest}/eggs?include=variables MUST render each egg\'s variables',
    { operation: 'listNestEggs', behaviour: 'eggs.list.include', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nestId } = await discover(s);
      const answer = (await call(s, 'listNestEggs', { params: { nest: nestId }, query: { include: 'variables,nest' } })).status(200).include('variables', 'rendered').include('nest', 'rendered');
      for (const egg of answer.json.data as Item[]) {
        for (const v of egg.attributes.relationships.variables.data as Item[]) expectEqual(`egg ${egg.attributes.id} variable egg_id`, v.attributes.egg_id, egg.attributes.id);
        expectEqual(`egg ${egg.attributes.id} nest include id`, egg.attributes.relationships.nest.attributes.id, nestId);
      }
    },
  );
});

describe('GET /api/application/nests/{nest}/eggs/{egg}', () => {
  conformance(
    'GET /api/application/nests/{nest}/eggs/{egg} MUST answer the egg object as listed',
    { operation: 'getNestEgg', behaviour: 'eggs.view', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nestId, eggId } = await discover(s);
      const answer = (await call(s, 'getNestEgg', { params: { nest: nestId, egg: eggId } })).status(200).include('variables', 'absent');
      expectEqual('object', answer.json.object, 'egg');
      expectEqual('top-level keys', Object.keys(answer.json).sort(), ['attributes', 'object']);
      const a = answer.json.attributes;
      expectEqual('id', a.id, eggId);
      expectEqual('nest', a.nest, nestId);
      const listed = (await allEggs(s)).find((e) => e.id === eggId);
      expectEqual('the egg as listed', a, listed);
    },
  );

  conformance(
    'GET /api/application/nests/{nest}/eggs/{egg} MUST answer 404 NotFoundHttpException for an egg of another nest and for an unknown id',
    { operation: 'getNestEgg', behaviour: 'eggs.view.wrong-nest', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const eggs = await allEggs(s);
      const egg = eggs[0];
      const otherNest = (await allNests(s)).find((n) => n.id !== egg?.nest);
      if (!egg || !otherNest) unavailable('discovery: two nests with eggs are needed');
      (await call(s, 'getNestEgg', { params: { nest: otherNest.id, egg: egg.id } })).error({ code: 'NotFoundHttpException', status: 404 });
      (await call(s, 'getNestEgg', { params: { nest: egg.nest, egg: ABSENT_ID } })).error({ code: 'NotFoundHttpException', status: 404 });
      (await call(s, 'getNestEgg', { params: { nest: ABSENT_ID, egg: egg.id } })).error({ code: 'NotFoundHttpException', status: 404 });
    },
  );

  conformance(
    'GET /api/application/nests/{nest}/eggs/{egg}?include=config MUST render object null with the config fields (own value, else the parent\'s) when the egg extends another, and the null_resource when it does not',
    { operation: 'getNestEgg', behaviour: 'eggs.view.include-config', effect: 'read', keys: app },
    async (s) => {
      const child = await findEgg(s, 'extending another egg\'s config', (e) => e.config.extends !== null);
      const parent = (await allEggs(s)).find((e) => e.id === child.config.extends);
      if (!parent) violate(`egg ${child.id} extends egg ${child.config.extends}, which is not listed`, { kind: 'value' });
      const config = (await viewEgg(s, child, 'config')).relationships.config;
      if (config.object !== null) violate(`config include of egg ${child.id} has object ${JSON.stringify(config.object)}, expected JSON null`, { kind: 'include' });
      expectEqual('config include keys', Object.keys(config.attributes).sort(), ['files', 'logs', 'startup', 'stop']);
      for (const field of ['files', 'startup', 'stop', 'logs']) {
        const own = child.config[field];
        const expected = own !== null ? own : parent.config[field];
        if (!sameDecoded(config.attributes[field], expected)) {
          violate(`config include ${field} of egg ${child.id} is ${JSON.stringify(config.attributes[field])}, expected ${JSON.stringify(expected)} (${own !== null ? 'its own' : `egg ${parent.id}'s`})`, { kind: 'include' });
        }
      }
      const standalone = await findEgg(s, 'with its own config', (e) => e.config.extends === null);
      (await call(s, 'getNestEgg', { params: { nest: standalone.nest, egg: standalone.id }, query: { include: 'config' } })).status(200).include('config', 'null_resource');
    },
  );

  conformance(
    'GET /api/application/nests/{nest}/eggs/{egg}?include=script MUST render object null with the script (own privileged flag; install, entry, container own or else the parent\'s) when the egg copies another\'s script, and the null_resource when it does not',
    { operation: 'getNestEgg', behaviour: 'eggs.view.include-script', effect: 'read', keys: app },
    async (s) => {
      const child = await findEgg(s, 'copying another egg\'s script', (e) => e.script.extends !== null);
      const parent = (await allEggs(s)).find((e) => e.id === child.script.extends);
      if (!parent) violate(`egg ${child.id} copies the script of egg ${child.script.extends}, which is not listed`, { kind: 'value' });
      const script = (await viewEgg(s, child, 'script')).relationships.script;
      if (script.object !== null) violate(`script include of egg ${child.id} has object ${JSON.stringify(script.object)}, expected JSON null`, { kind: 'include' });
      expectEqual('script include keys', Object.keys(script.attributes).sort(), ['container', 'entry', 'install', 'privileged']);
      expectEqual('script include privileged (always the egg\'s own)', script.attributes.privileged, child.script.privileged);
      for (const field of ['install', 'entry', 'container']) {
        const own = child.script[field];
        expectEqual(`script include ${field}`, script.attributes[field], own !== null ? own : parent.script[field]);
      }
      const standalone = await findEgg(s, 'with its own script', (e) => e.script.extends === null);
      (await call(s, 'getNestEgg', { params: { nest: standalone.nest, egg: standalone.id }, query: { include: 'script' } })).status(200).include('script', 'null_resource');
    },
  );

  conformance(
    `GET /api/application/nests/{nest}/eggs/{egg}?include=variables MUST render egg_variable items with ${VARIABLE_SHAPE.flags} and ${VARIABLE_SHAPE.timestamps}`,
    { operation: 'getNestEgg', behaviour: 'eggs.view.include-variables', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { nestId, eggId } = await discover(s);
      const egg = { id: eggId, nest: nestId };
      const variables = (await viewEgg(s, egg, 'variables')).relationships.variables;
      expectEqual('variables include object', variables.object, 'list');
      const items = variables.data as Item[];
      if (items.length === 0) unavailable(`egg ${egg.id} has no variable; pin an egg that has (PTERO_PIN_EGG)`);
      for (const v of items) {
        expectEqual('variable object', v.object, 'egg_variable');
        expectEqual(`variable ${v.attributes.id} egg_id`, v.attributes.egg_id, egg.id);
        for (const flag of ['user_viewable', 'user_editable']) {
          if (!VARIABLE_SHAPE.flag(v.attributes[flag])) violate(`variable ${v.attributes.id} ${flag} is ${JSON.stringify(v.attributes[flag])}, expected ${VARIABLE_SHAPE.flags}`, { kind: 'value' });
        }
        for (const field of ['created_at', 'updated_at']) {
          if (!VARIABLE_SHAPE.timestamp.test(String(v.attributes[field]))) violate(`variable ${v.attributes.id} ${field} ${JSON.stringify(v.attributes[field])} is not one of ${VARIABLE_SHAPE.timestamps}`, { kind: 'value' });
        }
        if (typeof v.attributes.rules !== 'string') violate(`variable ${v.attributes.id} rules is not a string`, { kind: 'value' });
      }
    },
  );

  conformance(
    'GET /api/application/nests/{nest}/eggs/{egg}?include=nest,servers MUST render the egg\'s nest and the servers using the egg',
    { operation: 'getNestEgg', behaviour: 'eggs.view.include-nest-servers', effect: 'read', keys: app, profiles: SHARED_PROFILES },
    async (s) => {
      const { serverId } = await discover(s);
      const server = (await call(s, 'getServer', { params: { server: serverId } })).status(200).json.attributes;
      const answer = (await call(s, 'getNestEgg', { params: { nest: server.nest, egg: server.egg }, query: { include: 'nest,servers' } }))
        .status(200)
        .include('nest', 'rendered')
        .include('servers', 'rendered');
      const r = answer.json.attributes.relationships;
      expectEqual('nest include object', r.nest.object, 'nest');
      expectEqual('nest include id', r.nest.attributes.id, server.nest);
      expectEqual('servers include object', r.servers.object, 'list');
      const servers = r.servers.data as Item[];
      for (const item of servers) {
        expectEqual('included server object', item.object, 'server');
        expectEqual(`egg of included server ${item.attributes.id}`, item.attributes.egg, server.egg);
      }
      if (!servers.some((item) => item.attributes.id === serverId)) violate(`server ${serverId} uses egg ${server.egg} but is not in its servers include`, { kind: 'include' });
    },
  );
});
