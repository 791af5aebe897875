import type { PanelServices } from '../panel-services.ts';
import type { SeedV111 } from './store/rows.ts';

/**
 * What the v1.11 pipeline's stages, the handlers and the simulated Wings may use of the panel: the
 * shared PanelServices over the 1.11 seed's tables; they never see the panel class that runs them.
 */
export type ServicesV111 = PanelServices<SeedV111>;

/** pterodactyl.auth.2fa_required in effect: the option when given, else the seed's. */
export function twoFactorRequiredOf(panel: ServicesV111): 0 | 1 | 2 {
  return panel.options.twoFactorRequired ?? panel.store.seed.two_factor_required;
}
