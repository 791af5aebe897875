import { PanelError } from '../../errors/panel-error.ts';
import type { EggRow } from '../../store/rows.ts';
import { closureItem, guarded, hasMany, item, nullResource, type Attributes, type TransformContext, type Transformer } from '../fractal.ts';
import { jsonDecodeAssoc, jsonDecodeObjects } from '../php-json-decode.ts';
import { atomUtc } from '../timestamps.ts';

/**
 * EggTransformer (v0.7.19:app/Transformers/Api/Application/EggTransformer.php#L39-L67). `config.files/startup/logs` are decoded into PHP arrays, so
 * a stored `{}` comes out as `[]`; the `config` and `script` includes (object name null) decode
 * into objects and fall back, field by field, to the `config_from` / `copy_script_from` egg.
 */
export const eggTransformer: Transformer<EggRow> = {
  resourceName: 'egg',
  className: 'EggTransformer',
  modelClass: 'Egg',
  readsRowOnly: true,
  transform: (_ctx, egg) => ({
    id: egg.id,
    uuid: egg.uuid,
    name: egg.name,
    nest: egg.nest_id,
    author: egg.author,
    description: egg.description,
    docker_image: egg.docker_image,
    config: {
      files: jsonDecodeAssoc(egg.config_files),
      startup: jsonDecodeAssoc(egg.config_startup),
      stop: egg.config_stop,
      logs: jsonDecodeAssoc(egg.config_logs),
      extends: egg.config_from,
    },
    startup: egg.startup,
    script: eggScriptAttributes(egg),
    created_at: atomUtc(egg.created_at),
    updated_at: atomUtc(egg.updated_at),
  }),
  includes: [
    ['nest', guarded('r_nests', (ctx, egg) => item('nest', ctx.store.find('nests', egg.nest_id), 'nest'))],
    ['servers', guarded('r_servers', hasMany('server', 'servers', 'egg_id'))],
    ['config', (ctx, egg) => {
      if (egg.config_from === null) return nullResource();
      const inherit = inheritFrom(ctx, egg, egg.config_from);
      return closureItem(() => ({
        files: jsonDecodeObjects(inherit('config_files')),
        startup: jsonDecodeObjects(inherit('config_startup')),
        stop: inherit('config_stop'),
        logs: jsonDecodeObjects(inherit('config_logs')),
      }), null);
    }],
    ['script', (ctx, egg) => {
      if (egg.copy_script_from === null) return nullResource();
      const inherit = inheritFrom(ctx, egg, egg.copy_script_from);
      return closureItem(() => ({
        privileged: Boolean(egg.script_is_privileged),
        install: inherit('script_install'),
        entry: inherit('script_entry'),
        container: inherit('script_container'),
      }), null);
    }],
    ['variables', guarded('r_eggs', hasMany('egg_variable', 'egg_variables', 'egg_id'))],
  ],
};

type InheritedColumn = 'config_files' | 'config_startup' | 'config_logs' | 'config_stop' | 'script_install' | 'script_entry' | 'script_container';

/** The Egg model's inherit_* / copy_script_* accessors: the own value unless null, else the parent's. */
function inheritFrom(ctx: TransformContext, egg: EggRow, parentId: number) {
  return (column: InheritedColumn): string | null => {
    const own = egg[column];
    if (own !== null) return own;
    const parent = ctx.store.find('eggs', parentId);
    if (!parent) {
      throw new PanelError(500, 'ErrorException', `Trying to get property '${column}' of non-object`, {
        sourceFile: '/app/Models/Egg.php',
      });
    }
    return parent[column];
  };
}

/** The egg's own `script` attribute; v1.11.8's EggTransformer writes the same (v1.11.8:app/Transformers/Api/Application/EggTransformer.php#L70-L76). */
export function eggScriptAttributes(egg: Pick<EggRow, 'script_is_privileged' | 'script_install' | 'script_entry' | 'script_container' | 'copy_script_from'>): Attributes {
  return {
    privileged: Boolean(egg.script_is_privileged),
    install: egg.script_install,
    entry: egg.script_entry,
    container: egg.script_container,
    extends: egg.copy_script_from,
  };
}
