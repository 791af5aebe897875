// node --import tsx scripts/derive-stock-eggs.ts <panel git dir> [tag] > fixtures/stock-eggs.json
//
// Writes the nests, eggs and egg variables a fresh v0.7.19 panel has after `php artisan db:seed`,
// read from the panel's own repository at the tag (default v0.7.19), so fixtures/seed.yaml can be
// compared with them (mock/store/stock-eggs.test.ts). What the panel does, in order:
// - DatabaseSeeder calls NestSeeder, then EggSeeder (database/seeds/DatabaseSeeder.php).
// - NestSeeder creates Minecraft, Source Engine, Voice Servers, Rust, author support@pterodactyl.io
//   (database/seeds/NestSeeder.php; NestCreationService sets uuid, author, name, description).
// - EggSeeder imports, nest by nest in that order, every file of database/seeds/eggs/<kebab nest
//   name>/ as Laravel's Filesystem::allFiles lists them: sorted by name (Symfony Finder sortByName,
//   strcmp). The terraria/ folder belongs to no seeded nest and is not imported.
// - EggImporterService::handle maps the JSON to columns: author, name, description, docker_image =
//   image, config_files/startup/logs/stop = config.files/startup/logs/stop (the JSON text as is,
//   e.g. "{}"), startup, script_install/entry/container = scripts.installation.script/entrypoint/
//   container, copy_script_from = null; config_from is not set (null); script_is_privileged keeps
//   the column default, true (migration 2017_04_20_171943_AddScriptsToServiceOptions). Each variable
//   is created from its JSON members (name, description, env_variable, default_value, user_viewable,
//   user_editable, rules) plus egg_id, in file order.
// Ids are auto-increment in that order. Uuids and timestamps are random or the seeding time, so
// they are not part of the data.
import { execFileSync } from 'node:child_process';
import { parseCommandLine } from '../harness/command-line.ts';

const { positionals } = parseCommandLine(process.argv.slice(2), {
  usage: 'node --import tsx scripts/derive-stock-eggs.ts PANEL_GIT_DIR [TAG] > fixtures/stock-eggs.json',
  summary: "Writes the nests, eggs and egg variables a freshly seeded panel has, read from the panel's repository at TAG (default v0.7.19), as JSON.",
  options: {},
  positionals: { min: 1, max: 2 },
});
const gitDir = positionals[0] as string;
const tag = positionals[1] ?? 'v0.7.19';

const git = (...args: string[]) => execFileSync('git', ['-C', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const show = (path: string) => git('show', `${tag}:${path}`);

// The nests and their order, as the two seeders name them; checked against the seeder text below.
const NESTS = [
  { name: 'Minecraft', description: 'Minecraft - the classic game from Mojang. With support for Vanilla MC, Spigot, and many others!' },
  { name: 'Source Engine', description: 'Includes support for most Source Dedicated Server games.' },
  { name: 'Voice Servers', description: 'Voice servers such as Mumble and Teamspeak 3.' },
  { name: 'Rust', description: 'Rust - A game where you must fight to survive.' },
];
const nestSeeder = show('database/seeds/NestSeeder.php');
const eggSeeder = show('database/seeds/EggSeeder.php');
for (const nest of NESTS) {
  if (!nestSeeder.includes(`'name' => '${nest.name}'`) || !nestSeeder.includes(`'description' => '${nest.description}'`)) {
    throw new Error(`NestSeeder at ${tag} does not create ${nest.name} as expected: update this script`);
  }
}
const importOrder = /collect\(\[\s*([^\]]*)\]\)/.exec(eggSeeder)?.[1]?.match(/'([^']+)'/g)?.map((q) => q.slice(1, -1));
if (JSON.stringify(importOrder) !== JSON.stringify(NESTS.map((n) => n.name))) {
  throw new Error(`EggSeeder at ${tag} imports ${JSON.stringify(importOrder)}: update this script`);
}

/** Laravel's kebab_case for these names ("Source Engine" -> "source-engine"). */
const kebab = (name: string) => name.replace(/\s+/g, '-').toLowerCase();
/** strcmp order of byte strings, as PHP compares the paths. */
const strcmp = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

interface EggJson {
  meta: { version: string };
  name: string;
  author: string;
  description: string;
  image: string;
  startup: string;
  config: { files: string | null; startup: string | null; logs: string | null; stop: string | null };
  scripts: { installation: { script: string | null; container: string; entrypoint: string } };
  variables: Record<string, unknown>[];
}

const nests = NESTS.map((n, i) => ({ id: i + 1, author: 'support@pterodactyl.io', name: n.name, description: n.description }));
const eggs: Record<string, unknown>[] = [];
const variables: Record<string, unknown>[] = [];
for (const nest of nests) {
  const folder = `database/seeds/eggs/${kebab(nest.name)}/`;
  const files = git('ls-tree', '-r', '--name-only', tag, folder).split('\n').filter((f) => f.endsWith('.json')).sort(strcmp);
  for (const file of files) {
    const json = JSON.parse(show(file)) as EggJson;
    if (json.meta.version !== 'PTDL_v1') throw new Error(`${file}: not PTDL_v1, the importer would refuse it`);
    const id = eggs.length + 1;
    eggs.push({
      id,
      nest_id: nest.id,
      author: json.author,
      name: json.name,
      description: json.description,
      docker_image: json.image,
      config_files: json.config.files,
      config_startup: json.config.startup,
      config_logs: json.config.logs,
      config_stop: json.config.stop,
      config_from: null,
      startup: json.startup,
      script_container: json.scripts.installation.container,
      script_entry: json.scripts.installation.entrypoint,
      script_is_privileged: true,
      script_install: json.scripts.installation.script,
      copy_script_from: null,
      source: `${tag}:${file}`,
    });
    for (const v of json.variables) {
      variables.push({
        id: variables.length + 1,
        egg_id: id,
        name: v['name'],
        description: v['description'],
        env_variable: v['env_variable'],
        default_value: v['default_value'],
        user_viewable: v['user_viewable'],
        user_editable: v['user_editable'],
        rules: v['rules'],
      });
    }
  }
}

const out = {
  _derivation: `npx tsx scripts/derive-stock-eggs.ts <pterodactyl/panel git dir> ${tag}: NestSeeder, EggSeeder and database/seeds/eggs/** at ${tag}, mapped as EggImporterService does (see the script's header)`,
  nests,
  eggs,
  egg_variables: variables,
};
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
