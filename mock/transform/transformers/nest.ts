import type { NestRow } from '../../store/rows.ts';
import { guarded, hasMany, type Attributes, type Transformer } from '../fractal.ts';
import { atomUtc } from '../timestamps.ts';

/** NestTransformer (v0.7.19:app/Transformers/Api/Application/NestTransformer.php#L38-L46): the model's array, timestamps re-formatted in place. */
export const nestTransformer: Transformer<NestRow> = {
  resourceName: 'nest',
  className: 'NestTransformer',
  modelClass: 'Nest',
  readsRowOnly: true,
  transform: (_ctx, nest) => nestAttributes(nest),
  includes: [
    ['eggs', guarded('r_eggs', hasMany('egg', 'eggs', 'nest_id'))],
    ['servers', guarded('r_servers', hasMany('server', 'servers', 'nest_id'))],
  ],
};

/** The nest's attributes; v1.11.8's NestTransformer writes the same (v1.11.8:app/Transformers/Api/Application/NestTransformer.php#L33-L41). */
export function nestAttributes(nest: NestRow): Attributes {
  return {
    id: nest.id,
    uuid: nest.uuid,
    author: nest.author,
    name: nest.name,
    description: nest.description,
    created_at: atomUtc(nest.created_at),
    updated_at: atomUtc(nest.updated_at),
  };
}
