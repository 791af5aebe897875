import type { EggVariableRow } from '../../store/rows.ts';
import type { Transformer } from '../fractal.ts';
import { rawZoned } from '../timestamps.ts';

/**
 * EggVariableTransformer (v0.7.19:app/Transformers/Api/Application/EggVariableTransformer.php#L20-L23): the model's raw array, so the flags stay
 * 0/1 integers and the timestamps are `YYYY-MM-DD HH:MM:SS` in the panel timezone. Include only;
 * its own resource name is `egg`, the include keys name it `egg_variable` or `variable`.
 */
export const eggVariableTransformer: Transformer<EggVariableRow> = {
  resourceName: 'egg',
  className: 'EggVariableTransformer',
  modelClass: 'EggVariable',
  transform: (ctx, variable) => ({
    id: variable.id,
    egg_id: variable.egg_id,
    name: variable.name,
    description: variable.description,
    env_variable: variable.env_variable,
    default_value: variable.default_value,
    user_viewable: variable.user_viewable ? 1 : 0,
    user_editable: variable.user_editable ? 1 : 0,
    rules: variable.rules,
    created_at: rawZoned(variable.created_at, ctx.appTimezone),
    updated_at: rawZoned(variable.updated_at, ctx.appTimezone),
  }),
};
