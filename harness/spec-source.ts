import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';

/** The entry document of the hand-written spec; path files are mounted from it with $ref. */
export const SPEC_PATH = fileURLToPath(new URL('../spec/pterodactyl-v0.7.yaml', import.meta.url));

const loaded = new Map<string, Promise<OpenAPIV3.Document>>();

/**
 * Validates the spec and returns it fully dereferenced. The same component is the same object
 * everywhere it is referenced (circular references stay circular), which the schema compiler
 * relies on to turn components back into named definitions.
 */
export function loadSpec(path: string = SPEC_PATH): Promise<OpenAPIV3.Document> {
  let pending = loaded.get(path);
  if (!pending) {
    pending = SwaggerParser.validate(path, { dereference: { circular: true } }) as Promise<OpenAPIV3.Document>;
    loaded.set(path, pending);
  }
  return pending;
}
