import type { PackRow } from '../../store/rows.ts';
import type { Transformer } from '../fractal.ts';
import { atomUtc } from '../timestamps.ts';

/** PackTransformer (v0.7.19:app/Transformers/Api/Application/PackTransformer.php#L25-L39); include only, no includes of its own. */
export const packTransformer: Transformer<PackRow> = {
  resourceName: 'pack',
  className: 'PackTransformer',
  modelClass: 'Pack',
  transform: (_ctx, pack) => ({
    id: pack.id,
    uuid: pack.uuid,
    egg: pack.egg_id,
    name: pack.name,
    description: pack.description,
    is_selectable: Boolean(pack.selectable),
    is_visible: Boolean(pack.visible),
    is_locked: Boolean(pack.locked),
    created_at: atomUtc(pack.created_at),
    updated_at: atomUtc(pack.updated_at),
  }),
};
