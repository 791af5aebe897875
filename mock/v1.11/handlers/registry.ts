import { internalErrorV111 } from '../errors/panel-error.ts';
import { applicationHandlersV111 } from './application/index.ts';
import { clientHandlersV111 } from './client/index.ts';
import type { HandlerTableV111, HandlerV111 } from './handler.ts';

const handlers: HandlerTableV111 = { ...applicationHandlersV111, ...clientHandlersV111 };

export function handlerForV111(operationId: string): HandlerV111 {
  return (
    handlers[operationId] ??
    (() => {
      throw internalErrorV111('BadMethodCallException', `The v1.11 twin has no handler for ${operationId}.`, '/app/Http/Kernel.php');
    })
  );
}

export function implementedOperationsV111(): string[] {
  return Object.keys(handlers);
}
