/** The panel's own rule objects used by the application and client APIs. */
import { pregMatch } from './pcre.ts';
import { phpStringCast } from '../php-coercion.ts';
import { isPhpArray } from './php.ts';
import { errorException } from './php-errors.ts';
import type { CustomRule } from './types.ts';

/**
 * Pterodactyl\Rules\Username (app/Rules/Username.php): the lower-cased value must match
 * `^[a-z0-9]([\w\.-]+)[a-z0-9]$`, so at least three characters. Its message keeps the source's line
 * break and 16-space indentation. An array value makes mb_strtolower() raise a warning (500).
 */
export const USERNAME_RULE: CustomRule = {
  kind: 'custom',
  token: 'p_username',
  className: 'Pterodactyl\\Rules\\Username',
  passes(_attribute, value) {
    if (isPhpArray(value)) {
      throw errorException('mb_strtolower() expects parameter 1 to be string, array given', '/app/Rules/Username.php');
    }
    return pregMatch('/^[a-z0-9]([\\w\\.-]+)[a-z0-9]$/', phpStringCast(value).toLowerCase());
  },
  message() {
    return 'The :attribute must start and end with alpha-numeric characters and\n                contain only letters, numbers, dashes, underscores, and periods.';
  },
};

/** Rule objects by the token that stands for them in the rule files. */
export const CUSTOM_RULES: ReadonlyMap<string, CustomRule> = new Map([[USERNAME_RULE.token, USERNAME_RULE]]);
