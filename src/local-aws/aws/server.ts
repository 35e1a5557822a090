/**
 * The local AWS endpoint builds reach through `AWS_ENDPOINT_URL`: one HTTP server in the codelocal
 * process that tells the protocols apart (docs/local-aws.md) and hands each request to its stand-in.
 * It listens only on the address it is given (the gateway of codelocal's Docker network, or loopback).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LocalS3Store } from '../../stores/index.js';
import { logger } from '../../util/index.js';
import { CODEDEPLOY_TARGET, codeDeployOperations } from '../codedeploy/hook-status-api.js';
import type { LocalEks } from '../eks/eks-service.js';
import { restJsonRoute } from './rest-json.js';
import { closeServer, listenOn } from './listen.js';
import { codePipelineOperations, JobBoard } from './codepipeline.js';
import { ecrOperations, type EcrDeps } from './ecr.js';
import { AwsError, readBody, sendJson, sendJsonError, sendXml, type JsonOperation } from './protocol.js';
import { S3Service, type S3Deps } from './s3.js';
import { secretsOperations } from './secrets-manager.js';
import { ssmOperations } from './ssm.js';
import { handleSts } from './sts.js';
import type { StubView } from './stub-view.js';

export interface LocalAwsDeps {
  accountId: string;
  region: string;
  stubs: StubView;
  s3: LocalS3Store;
  ecr: Omit<EcrDeps, 'accountId' | 'region'>;
  /** Host names that mean this endpoint (for S3 virtual-host addressing). */
  endpointHosts?: string[];
  /** The EKS stand-in, when codelocal.yml declares clusters (docs/eks.md). */
  eks?: LocalEks;
  /** The role an access key id handed to a build stands for (STS GetCallerIdentity, docs/accounts.md). */
  roleOf?(accessKeyId: string): string | undefined;
  /** Bucket-policy decisions on S3 requests (docs/accounts.md). */
  s3Refusal?: S3Deps['refusal'];
}

/** `X-Amz-Target` prefixes of the JSON 1.1 services. */
const TARGETS = {
  ecr: 'AmazonEC2ContainerRegistry_V20150921',
  ssm: 'AmazonSSM',
  secrets: 'secretsmanager',
  codepipeline: 'CodePipeline_20150709',
} as const;

export class LocalAwsServer {
  readonly jobs = new JobBoard();
  private readonly json: Record<string, Record<string, JsonOperation>>;
  private readonly s3: S3Service;
  private server?: Server;

  constructor(private readonly d: LocalAwsDeps) {
    this.json = {
      [TARGETS.ecr]: ecrOperations({ ...d.ecr, accountId: d.accountId, region: d.region }),
      [TARGETS.ssm]: ssmOperations(d),
      [TARGETS.secrets]: secretsOperations(d),
      [TARGETS.codepipeline]: codePipelineOperations(this.jobs),
      [CODEDEPLOY_TARGET]: codeDeployOperations(this.jobs),
    };
    this.s3 = new S3Service({
      s3: d.s3,
      region: d.region,
      accountId: d.accountId,
      endpointHosts: d.endpointHosts ?? ['localhost'],
      ...(d.s3Refusal ? { refusal: d.s3Refusal } : {}),
    });
  }

  /** Starts listening on `host` (port 0 = any free port); resolves with the base URL. */
  async listen(host: string, port = 0): Promise<string> {
    const server = createServer((req, res) => void this.dispatch(req, res));
    this.server = server;
    return listenOn(server, host, port, 'http');
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    await closeServer(s);
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const body = await readBody(req);
      const target = req.headers['x-amz-target'];
      if (typeof target === 'string') return await this.jsonCall(target, body, res);
      if (await restJsonRoute(req, res, { eks: this.d.eks, sts: (q) => this.sts(q, res) })) return;
      const type = String(req.headers['content-type'] ?? '');
      if (req.method === 'POST' && type.startsWith('application/x-www-form-urlencoded')) {
        return this.sts(new URLSearchParams(body.toString('utf8')), res, req.headers.authorization);
      }
      await this.s3.handle(req, res, body);
    } catch (e) {
      logger().debug({ err: e }, 'local AWS endpoint: request failed');
      if (!res.headersSent) sendJson(res, 500, { __type: 'InternalFailure', message: (e as Error).message });
      else res.destroy();
    }
  }

  /** STS speaks the Query protocol: a form POST, or a presigned GET (what an EKS token carries). */
  private sts(form: URLSearchParams, res: ServerResponse, authorization?: string): void {
    try {
      handleSts({ accountId: this.d.accountId, roleOf: this.d.roleOf }, form, res, authorization);
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      sendXml(res, e.status, 'ErrorResponse', { Error: { Type: 'Sender', Code: e.code, Message: e.message } });
    }
  }

  private async jsonCall(target: string, body: Buffer, res: ServerResponse): Promise<void> {
    const dot = target.lastIndexOf('.');
    const ops = this.json[target.slice(0, dot)];
    const op = ops?.[target.slice(dot + 1)];
    if (!op) {
      return sendJsonError(
        res,
        new AwsError('UnknownOperationException', `codelocal's local AWS endpoint does not implement ${target}`),
      );
    }
    try {
      const input = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
      sendJson(res, 200, (await op(input)) ?? {});
    } catch (e) {
      if (e instanceof AwsError) return sendJsonError(res, e);
      if (e instanceof SyntaxError) return sendJsonError(res, new AwsError('SerializationException', e.message));
      throw e;
    }
  }
}
