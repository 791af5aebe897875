/**
 * The PHP-level failures a validation rule can raise in the real panel, as the 500s the panel's
 * handler renders (a warning or notice becomes Laravel's ErrorException).
 */
import { PanelError } from '../errors/panel-error.ts';

const VALIDATES_ATTRIBUTES = '/vendor/laravel/framework/src/Illuminate/Validation/Concerns/ValidatesAttributes.php';

export function errorException(message: string, sourceFile = VALIDATES_ATTRIBUTES): PanelError {
  return new PanelError(500, 'ErrorException', message, { sourceFile });
}

/** requireParameterCount(): a rule written without its parameters. */
export function requireParameters(count: number, parameters: string[], rule: string): void {
  if (parameters.length < count) {
    throw new PanelError(500, 'InvalidArgumentException', `Validation rule ${rule} requires at least ${count} parameters.`, {
      sourceFile: VALIDATES_ATTRIBUTES,
    });
  }
}

/** Validator::__call for a rule name with no validate method. */
export function unknownRule(rule: string): PanelError {
  return new PanelError(500, 'BadMethodCallException', `Method Illuminate\\Validation\\Validator::validate${rule} does not exist.`, {
    sourceFile: '/vendor/laravel/framework/src/Illuminate/Validation/Validator.php',
  });
}
