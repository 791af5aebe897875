// node --import tsx scripts/derive-stock-eggs-v111.ts <panel git dir> [tag] > fixtures/v1.11/stock-eggs.json
//
// The nests, eggs and egg variables a fresh v1.11 panel has after `php artisan db:seed`, read from the
// panel's repository at the tag (default v1.11.8). What the panel does, in order:
// - DatabaseSeeder calls NestSeeder, then EggSeeder (database/Seeders/DatabaseSeeder.php).
// - NestSeeder creates Minecraft, Source Engine, Voice Servers, Rust with author support@pterodactyl.io.
// - EggSeeder::$import lists the same four; each nest's folder database/Seeders/eggs/<kebab name>/ is
//   read with a DirectoryIterator, whose order is the file system's (not sorted): this script takes
//   the files sorted by name (strcmp), the order a fresh checkout on most file systems does not promise.
//   The ids within a nest are therefore a choice, said so in the seed.
// - EggImporterService::handle + EggParserService::fillFromParsed map the JSON: author, name,
//   description, features, docker_images (PTDL_v1 `images`/`image` become {image: image}),
//   file_denylist (empty values filtered), update_url = meta.update_url, config_files/startup/logs/stop
//   = config.*, startup, script_install/entry/container = scripts.installation.*; copy_script_from and
//   config_from null; script_is_privileged and force_outgoing_ip keep the column defaults (true, false).
//   Each variable: name, description, env_variable, default_value, user_viewable, user_editable, rules.
import { execFileSync } from 'node:child_process';
import { parseCommandLine } from '../harness/command-line.ts';

const { positionals } = parseCommandLine(process.argv.slice(2), {
  usage: 'node --import tsx scripts/derive-stock-eggs-v111.ts PANEL_GIT_DIR [TAG] > fixtures/v1.11/stock-eggs.json',
  summary: "Writes the nests, eggs and egg variables a freshly seeded v1.11 panel has, read from the panel's repository at TAG (default v1.11.8), as JSON.",
  options: {},
  positionals: { min: 1, max: 2 },
});
const gitDir = positionals[0] as string;
const tag = positionals[1] ?? 'v1.11.8';
const git = (...args: string[]) => execFileSync('git', ['-C', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const show = (path: string) => git('show', `${tag}:${path}`);

const nestSeeder = show('database/Seeders/NestSeeder.php');
const eggSeeder = show('database/Seeders/EggSeeder.php');
// The nests in creation order, with the description each create*Nest passes.
const NEST_NAMES = ['Minecraft', 'Source Engine', 'Voice Servers', 'Rust'];
const nests = NEST_NAMES.map((name, i) => {
  const match = new RegExp(`'name' => '${name}',\\s*'description' => '([^']*)'`).exec(nestSeeder);
  if (!match) throw new Error(`NestSeeder at ${tag} does not create ${name} as expected: update this script`);
  return { id: i + 1, author: 'support@pterodactyl.io', name, description: match[1] };
});
const importOrder = /\$import = \[\s*([^\]]*)\]/.exec(eggSeeder)?.[1]?.match(/'([^']+)'/g)?.map((q) => q.slice(1, -1));
if (JSON.stringify(importOrder) !== JSON.stringify(NEST_NAMES)) throw new Error(`EggSeeder at ${tag} imports ${JSON.stringify(importOrder)}: update this script`);

const kebab = (name: string) => name.replace(/\s+/g, '-').toLowerCase();
const strcmp = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

interface EggJson {
  meta: { version: string; update_url?: string | null };
  name: string;
  author: string;
  description: string | null;
  features?: string[] | null;
  docker_images?: Record<string, string>;
  images?: string[];
  image?: string;
  file_denylist?: string[] | null;
  startup: string;
  config: { files: string | null; startup: string | null; logs: string | null; stop: string | null };
  scripts: { installation: { script: string | null; container: string; entrypoint: string } };
  variables: Record<string, unknown>[];
}

/** EggParserService::convertToV2: PTDL_v1 images become {image: image}. */
function dockerImages(json: EggJson): Record<string, string> {
  if (json.meta.version === 'PTDL_v2') return json.docker_images ?? {};
  const images = json.images ?? [json.image ?? 'nil'];
  return Object.fromEntries(images.map((image) => [image, image]));
}

const eggs: Record<string, unknown>[] = [];
const variables: Record<string, unknown>[] = [];
for (const nest of nests) {
  const folder = `database/Seeders/eggs/${kebab(nest.name)}/`;
  const files = git('ls-tree', '-r', '--name-only', tag, folder).split('\n').filter((f) => f.endsWith('.json')).sort(strcmp);
  for (const file of files) {
    const json = JSON.parse(show(file)) as EggJson;
    if (!['PTDL_v1', 'PTDL_v2'].includes(json.meta.version)) throw new Error(`${file}: ${json.meta.version}, the importer would refuse it`);
    const id = eggs.length + 1;
    eggs.push({
      id,
      nest_id: nest.id,
      author: json.author,
      name: json.name,
      description: json.description,
      features: json.features ?? null,
      docker_images: dockerImages(json),
      file_denylist: (json.file_denylist ?? []).filter((value) => value !== ''),
      update_url: json.meta.update_url ?? null,
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
      force_outgoing_ip: false,
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
        user_viewable: Boolean(v['user_viewable']),
        user_editable: Boolean(v['user_editable']),
        rules: v['rules'],
      });
    }
  }
}

const out = {
  _derivation: `npx tsx scripts/derive-stock-eggs-v111.ts <pterodactyl/panel git dir> ${tag}: NestSeeder, EggSeeder and database/Seeders/eggs/** at ${tag}, mapped as EggImporterService does (see the script's header)`,
  nests,
  eggs,
  egg_variables: variables,
};
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
