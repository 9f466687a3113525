import type { FastifyInstance } from 'fastify';
import { BadRequestError } from '../lib/app-error.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON bodies must be valid UTF-8: Fastify's own parser would replace invalid bytes with U+FFFD
 * and store a value the client never sent. Decoded strictly here, then parsed by Fastify's
 * default parser (which also refuses prototype poisoning).
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(new BadRequestError('The request body is not valid UTF-8'), undefined);
      return;
    }
    void parseJson(request, text, done);
  });
}
