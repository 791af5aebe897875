import type { PanelStore } from '../../store/panel-store.ts';
import type { SeedV111 } from './rows.ts';

/**
 * The v1.11 twin's database: the shared PanelStore over the 1.11 tables (./rows.ts), with Wings'
 * state as its simulated daemon.
 */
export type StoreViewV111 = PanelStore<SeedV111>;
