// node --import tsx scripts/derive-stock-eggs.ts <panel git dir> [tag] > fixtures/stock-eggs.json
//   (tag v1.11.8: > fixtures/v1.11/stock-eggs.json)
//
// Writes the nests, eggs and egg variables a fresh panel has after `php artisan db:seed`, read from
// the panel's own repository at the tag (default v0.7.19), so a profile's seed can be compared with
// them (mock/store/stock-eggs.test.ts). What the panel does, in order, in both generations:
// - DatabaseSeeder calls NestSeeder, then EggSeeder (0.7: database/seeds/, 1.x: database/Seeders/).
// - NestSeeder creates Minecraft, Source Engine, Voice Servers, Rust, author support@pterodactyl.io
//   (NestCreationService sets uuid, author, name, description).
// - EggSeeder imports those four, nest by nest in that order (0.7: `collect([...])`, 1.x: `$import`),
//   every file of <seeds>/eggs/<kebab nest name>/. 0.7 lists them with Laravel's Filesystem::allFiles:
//   sorted by name (Symfony Finder sortByName, strcmp). 1.x reads the folder with a DirectoryIterator,
//   whose order is the file system's (not sorted): this script takes them sorted by name too, the
//   order a fresh checkout on most file systems does not promise, so the 1.x ids within a nest are a
//   choice (the 1.x seed says so). The terraria/ folder of 0.7 belongs to no seeded nest.
// - EggImporterService::handle maps the JSON to columns: author, name, description, config_files/
//   startup/logs/stop = config.files/startup/logs/stop (the JSON text as is, e.g. "{}"), startup,
//   script_install/entry/container = scripts.installation.script/entrypoint/container,
//   copy_script_from and config_from null; script_is_privileged keeps the column default, true
//   (migration 2017_04_20_171943_AddScriptsToServiceOptions). Each variable is created from its JSON
//   members (name, description, env_variable, default_value, user_viewable, user_editable, rules)
//   plus egg_id, in file order. What each generation adds is in GENERATIONS below.
// Ids are auto-increment in that order. Uuids and timestamps are random or the seeding time, so
// they are not part of the data.
import { execFileSync } from 'node:child_process';
import { parseCommandLine } from '../harness/command-line.ts';

const { positionals } = parseCommandLine(process.argv.slice(2), {
  usage: 'node --import tsx scripts/derive-stock-eggs.ts PANEL_GIT_DIR [TAG] > fixtures/stock-eggs.json (TAG v1.11.8: fixtures/v1.11/stock-eggs.json)',
  summary: "Writes the nests, eggs and egg variables a freshly seeded panel has, read from the panel's repository at TAG (default v0.7.19; v0.7.x or v1.x), as JSON.",
  options: {},
  positionals: { min: 1, max: 2 },
});
const gitDir = positionals[0] as string;
const tag = positionals[1] ?? 'v0.7.19';

const git = (...args: string[]) => execFileSync('git', ['-C', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const show = (path: string) => git('show', `${tag}:${path}`);

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

/** What differs between the panel's generations: where the seeders are, and the importer's extra columns. */
interface Generation {
  /** The seeders' folder (NestSeeder.php, EggSeeder.php, eggs/). */
  readonly seeds: string;
  /** EggSeeder's list of nest names to import. */
  readonly importList: RegExp;
  readonly formats: readonly string[];
  /** The egg's columns after description (docker_image(s) and the rest of that generation). */
  imageColumns(json: EggJson): Record<string, unknown>;
  /** The column defaults the importer leaves alone (after copy_script_from). */
  readonly defaults: Record<string, unknown>;
  /** A variable's user_viewable / user_editable as the importer stores them. */
  flag(value: unknown): unknown;
}

const GENERATIONS: Record<'0.7' | '1.x', Generation> = {
  '0.7': {
    seeds: 'database/seeds',
    importList: /collect\(\[\s*([^\]]*)\]\)/,
    formats: ['PTDL_v1'],
    imageColumns: (json) => ({ docker_image: json.image }),
    defaults: {},
    flag: (value) => value,
  },
  // EggParserService::fillFromParsed (v1.11.8:app/Services/Eggs/EggParserService.php#L37-L89): features,
  // docker_images (PTDL_v1 `images`/`image` become {image: image}), file_denylist (empty values
  // filtered), update_url = meta.update_url; force_outgoing_ip keeps its default, false.
  '1.x': {
    seeds: 'database/Seeders',
    importList: /\$import = \[\s*([^\]]*)\]/,
    formats: ['PTDL_v1', 'PTDL_v2'],
    imageColumns: (json) => ({
      features: json.features ?? null,
      docker_images: dockerImages(json),
      file_denylist: (json.file_denylist ?? []).filter((value) => value !== ''),
      update_url: json.meta.update_url ?? null,
    }),
    defaults: { force_outgoing_ip: false },
    flag: (value) => Boolean(value),
  },
};
const generation = GENERATIONS[/^v0\./.test(tag) ? '0.7' : '1.x'];

/** EggParserService::convertToV2: PTDL_v1 images become {image: image}. */
function dockerImages(json: EggJson): Record<string, string> {
  if (json.meta.version === 'PTDL_v2') return json.docker_images ?? {};
  const images = json.images ?? [json.image ?? 'nil'];
  return Object.fromEntries(images.map((image) => [image, image]));
}

const nestSeeder = show(`${generation.seeds}/NestSeeder.php`);
const eggSeeder = show(`${generation.seeds}/EggSeeder.php`);
// The nests in creation order, with the description each create*Nest passes.
const NEST_NAMES = ['Minecraft', 'Source Engine', 'Voice Servers', 'Rust'];
const nests = NEST_NAMES.map((name, i) => {
  const match = new RegExp(`'name' => '${name}',\\s*'description' => '([^']*)'`).exec(nestSeeder);
  if (!match) throw new Error(`NestSeeder at ${tag} does not create ${name} as expected: update this script`);
  return { id: i + 1, author: 'support@pterodactyl.io', name, description: match[1] };
});
const importOrder = generation.importList.exec(eggSeeder)?.[1]?.match(/'([^']+)'/g)?.map((q) => q.slice(1, -1));
if (JSON.stringify(importOrder) !== JSON.stringify(NEST_NAMES)) throw new Error(`EggSeeder at ${tag} imports ${JSON.stringify(importOrder)}: update this script`);

/** Laravel's kebab_case for these names ("Source Engine" -> "source-engine"). */
const kebab = (name: string) => name.replace(/\s+/g, '-').toLowerCase();
/** strcmp order of byte strings, as PHP compares the paths. */
const strcmp = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

const eggs: Record<string, unknown>[] = [];
const variables: Record<string, unknown>[] = [];
for (const nest of nests) {
  const folder = `${generation.seeds}/eggs/${kebab(nest.name)}/`;
  const files = git('ls-tree', '-r', '--name-only', tag, folder).split('\n').filter((f) => f.endsWith('.json')).sort(strcmp);
  for (const file of files) {
    const json = JSON.parse(show(file)) as EggJson;
    if (!generation.formats.includes(json.meta.version)) throw new Error(`${file}: ${json.meta.version}, the importer would refuse it`);
    const id = eggs.length + 1;
    eggs.push({
      id,
      nest_id: nest.id,
      author: json.author,
      name: json.name,
      description: json.description,
      ...generation.imageColumns(json),
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
      ...generation.defaults,
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
        user_viewable: generation.flag(v['user_viewable']),
        user_editable: generation.flag(v['user_editable']),
        rules: v['rules'],
      });
    }
  }
}

const out = {
  _derivation: `npx tsx scripts/derive-stock-eggs.ts <pterodactyl/panel git dir> ${tag}: NestSeeder, EggSeeder and ${generation.seeds}/eggs/** at ${tag}, mapped as EggImporterService does (see the script's header)`,
  nests,
  eggs,
  egg_variables: variables,
};
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
