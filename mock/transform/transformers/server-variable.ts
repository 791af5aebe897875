import type { ServerVariableRow } from '../../store/rows.ts';
import { guarded, item, type Transformer } from '../fractal.ts';
import { rawZoned } from '../timestamps.ts';

/** ServerVariableTransformer (v0.7.19:app/Transformers/Api/Application/ServerVariableTransformer.php#L33-L36): the model's raw array. */
export const serverVariableTransformer: Transformer<ServerVariableRow> = {
  resourceName: 'server_variable',
  className: 'ServerVariableTransformer',
  modelClass: 'ServerVariable',
  transform: (ctx, variable) => ({
    id: variable.id,
    server_id: variable.server_id,
    variable_id: variable.variable_id,
    variable_value: variable.variable_value,
    created_at: rawZoned(variable.created_at, ctx.appTimezone),
    updated_at: rawZoned(variable.updated_at, ctx.appTimezone),
  }),
  includes: [
    ['parent', guarded('r_eggs', (ctx, variable) =>
      item('egg_variable', ctx.store.find('egg_variables', variable.variable_id), 'variable'))],
  ],
};
