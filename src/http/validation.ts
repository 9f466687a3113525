import { Ajv } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS: at run time the default import is the plugin itself, but its types
// describe `exports.default`, which NodeNext reads as the module object.
const addFormats = addFormatsModule as unknown as FormatsPlugin;

function createAjv(coerceTypes: boolean): Ajv {
  // allErrors: one entry per invalid field. No removeAdditional: unknown fields are an error.
  const ajv = new Ajv({ allErrors: true, coerceTypes: coerceTypes ? 'array' : false, useDefaults: true, strict: false });
  addFormats(ajv);
  return ajv;
}

// A JSON body must already have the right types ("42" is not a number); query strings,
// path parameters and headers are text, so they are coerced.
const bodyAjv = createAjv(false);
const textAjv = createAjv(true);

export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv;
  return ajv.compile(schema);
};
