import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, sendProblem } from './problem.js';

/**
 * Errors Fastify answers before routing (a malformed URL, a path parameter over the length
 * limit): they get the same problem+json as everything else instead of Fastify's own JSON.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  void sendProblem(reply, {
    type: status === 414 ? '/problems/uri-too-long' : '/problems/bad-request',
    title: STATUS_CODES[status] ?? 'Bad Request',
    status,
    detail: error.message,
    correlationId: request.id,
  });
}

const CLIENT_ERRORS: Record<string, { status: number; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'The request was not received in time' },
  HPE_HEADER_OVERFLOW: { status: 431, detail: 'The request headers are too large' },
};

/**
 * Requests Node's HTTP parser rejects (broken framing, invalid headers, too slow) never reach
 * Fastify; they are answered on the socket, still as problem+json, and the socket is closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, detail } = CLIENT_ERRORS[error.code ?? ''] ?? { status: 400, detail: 'The request could not be parsed as HTTP' };
  const title = STATUS_CODES[status] ?? 'Bad Request';
  const body = JSON.stringify({ type: status === 400 ? '/problems/bad-request' : `/problems/${status}`, title, status, detail });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
