/** HTTP server speaking STS + SNS awsQuery on one port, routed by the `Action` parameter. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FakeAwsContext, FakeRequest, XmlReply } from './context.js';
import { CredentialStore } from './credentials.js';
import { AwsError } from './errors.js';
import { FaultSwitchboard } from './faults.js';
import { FakeAwsHandle } from './handle.js';
import { decodeRequest, sendError, sendXml } from './http.js';
import { MessageRecorder } from './recorder.js';
import { applySnsFaults } from './sns-faults.js';
import { handleSns } from './sns.js';
import { handleSts, STS_ACTIONS } from './sts.js';
import type { FakeAws, FakeAwsOptions } from './types.js';
import { SNS_XMLNS, STS_XMLNS } from './xml.js';

function createContext(options: FakeAwsOptions, signal: AbortSignal): FakeAwsContext {
  return {
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '000000000000',
    requireAssumedRole: options.requireAssumedRole ?? true,
    verifySignatures: options.verifySignatures ?? true,
    store: new CredentialStore(),
    faults: new FaultSwitchboard(options.faults),
    recorder: new MessageRecorder(options.onMessage),
    assumeRoleCalls: [],
    counters: { snsRequests: 0, sequence: 0n },
    signal,
  };
}

async function dispatch(ctx: FakeAwsContext, req: IncomingMessage, request: FakeRequest): Promise<XmlReply | 'drop'> {
  if (STS_ACTIONS.has(request.action)) return handleSts(ctx, request);
  ctx.counters.snsRequests += 1;
  const outcome = await applySnsFaults(ctx);
  if (outcome.type === 'reset') {
    req.socket.destroy();
    return 'drop';
  }
  // A hung request whose client already gave up never reached "SNS": do not record it.
  if (outcome.wasHeld && req.socket.destroyed) return 'drop';
  return handleSns(ctx, request, outcome.forced);
}

async function route(ctx: FakeAwsContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let request: FakeRequest | undefined;
  try {
    request = await decodeRequest(req);
    const reply = await dispatch(ctx, req, request);
    if (reply !== 'drop') sendXml(res, reply.status, reply.xml, request.requestId);
  } catch (error) {
    const xmlns = request && STS_ACTIONS.has(request.action) ? STS_XMLNS : SNS_XMLNS;
    const requestId = request?.requestId ?? 'none';
    if (error instanceof AwsError) {
      sendError(res, error, xmlns, requestId);
    } else if (ctx.signal.aborted) {
      res.destroy();
    } else {
      // A bug in the fake: answer loudly rather than hang the test.
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      sendError(res, new AwsError(500, 'InternalError', `fake-aws bug: ${detail}`), xmlns, requestId);
    }
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}

export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const abort = new AbortController();
  const ctx = createContext(options, abort.signal);
  const server = createServer((req, res) => void route(ctx, req, res));
  const sockets = trackSockets(server);
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 0, host);
  let closing: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      abort.abort();
      ctx.recorder.close();
      server.close(() => {
        resolve();
      });
      // Keep-alive and hanging sockets would otherwise keep close() (and vitest) waiting.
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };
  return new FakeAwsHandle(ctx, `http://${host}:${port}`, port, shutdown);
}
