import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { hasMarker, readYamlFile, setMarker } from './parsed-yaml-cache.ts';
import { selectedProfile } from './selected-profile.ts';

/** The hand-written spec of the selected panel profile (harness/profiles.yaml): one document, components by $ref. */
export function specPath(): string {
  return selectedProfile().spec;
}

const loaded = new Map<string, Promise<OpenAPIV3.Document>>();

/**
 * Validates the spec and returns it fully dereferenced. The same component is the same object
 * everywhere it is referenced (circular references stay circular), which the schema compiler
 * relies on to turn components back into named definitions.
 */
export function loadSpec(path: string = specPath()): Promise<OpenAPIV3.Document> {
  let pending = loaded.get(path);
  if (!pending) {
    pending = parseSpec(path);
    loaded.set(path, pending);
  }
  return pending;
}

/**
 * The spec's references are all internal (#/components/…), so the parsed document can be handed
 * over as an object. Validating it against the OpenAPI schema is the slow part: done once per
 * text of the spec (a marker in the parse cache remembers it), then only dereferenced.
 */
async function parseSpec(path: string): Promise<OpenAPIV3.Document> {
  const text = readFileSync(path, 'utf8');
  const document = readYamlFile(path) as OpenAPIV3.Document;
  const options = { dereference: { circular: true as const } };
  if (hasMarker('spec-validated', text)) return (await SwaggerParser.dereference(path, document, options)) as OpenAPIV3.Document;
  const valid = (await SwaggerParser.validate(path, document, options)) as OpenAPIV3.Document;
  setMarker('spec-validated', text);
  return valid;
}

/** The spec as plain YAML data: references left as they are (for readers that need no schema). */
export function readSpecDocument(path: string = specPath()): OpenAPIV3.Document {
  return readYamlFile(path) as OpenAPIV3.Document;
}
