/**
 * An endpoint in front of the emulator that passes every request on, except the
 * ones a test picks: for those it can act first (make the object the request is
 * about) or lose the emulator's answer, replying 503 as a timed-out request does,
 * so that the caller retries a request that had in fact succeeded.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Fault {
  /** The requests it applies to, by their form parameters (IAM's Action, UserName...). */
  readonly matches: (params: URLSearchParams) => boolean;
  /** Run before the first matching request is passed on - default nothing. */
  readonly before?: () => Promise<void>;
  /** Pass the first matching request on, then answer 503 instead of the emulator's answer - default false. */
  readonly loseAnswer?: boolean;
}

const LOST_ANSWER = `<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>the answer was lost (a test fault)</Message></Error><RequestId>lost</RequestId></ErrorResponse>`;

export class FaultyEndpoint {
  /** Every request's form parameters, in order of arrival. */
  readonly requests: URLSearchParams[] = [];
  private faults: Fault[] = [];

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
  ) {}

  static async start(target: string): Promise<FaultyEndpoint> {
    let endpoint: FaultyEndpoint | undefined;
    const server = createServer((req, res) => void endpoint?.handle(req, res));
    endpoint = new FaultyEndpoint(server, new URL(target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return endpoint;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Act on the first request that matches (each fault acts once). */
  add(fault: Fault): void {
    this.faults.push(fault);
  }

  /** How many requests had this Action and, when given, this UserName. */
  count(action: string, userName?: string): number {
    return this.requests.filter((p) => p.get('Action') === action && (userName === undefined || p.get('UserName') === userName)).length;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const params = new URLSearchParams(body.toString('utf8'));
    this.requests.push(params);
    const fault = this.faults.find((f) => f.matches(params));
    if (fault) this.faults = this.faults.filter((f) => f !== fault);
    try {
      await fault?.before?.();
      const answer = await this.pass(req, body);
      if (fault?.loseAnswer) {
        res.writeHead(503, { 'content-type': 'text/xml' }).end(LOST_ANSWER);
      } else {
        res.writeHead(answer.status, answer.headers).end(answer.body);
      }
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    }
  }

  private pass(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const out = request({ host: this.target.hostname, port: this.target.port, method: req.method, path: req.url, headers: req.headers }, async (answer) => {
        const chunks: Buffer[] = [];
        for await (const chunk of answer) chunks.push(chunk as Buffer);
        // The body is sent whole, with its length.
        const { 'transfer-encoding': _chunked, 'content-length': _length, ...headers } = answer.headers;
        resolve({ status: answer.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
      });
      out.on('error', reject);
      out.end(body);
    });
  }
}
