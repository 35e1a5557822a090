/**
 * The three wire protocols the local AWS endpoint speaks, reduced to what the stand-ins need:
 * JSON 1.1 (`X-Amz-Target: Service.Operation`, ECR/SSM/Secrets Manager/CodePipeline), the Query
 * protocol (form POST `Action=...`, XML answers: STS) and S3's REST-XML. Signatures are never
 * checked: every caller is a local build holding the fake credentials codelocal gave it.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An AWS error with the code SDKs switch on (`__type` in JSON 1.1, `<Code>` in XML). */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export function requestId(): string {
  return randomUUID();
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId(),
  });
  res.end(text);
}

export function sendJsonError(res: ServerResponse, e: AwsError): void {
  sendJson(res, e.status, { __type: e.code, message: e.message });
}

export function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** `<a><b>1</b></a>` from `{a: {b: 1}}`; arrays repeat the element, undefined is left out. */
export function toXml(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => toXml(name, v)).join('');
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => toXml(k, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

export function sendXml(res: ServerResponse, status: number, rootName: string, body: unknown, attrs = ''): void {
  const inner = toXml(rootName, body);
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${attrs ? inner.replace(`<${rootName}>`, `<${rootName} ${attrs}>`) : inner}`;
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(text),
    'x-amz-request-id': requestId(),
  });
  res.end(text);
}

/** The text of every `<tag>...</tag>` in a small XML document (request bodies are simple enough). */
export function xmlValues(xml: string, tag: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(unescapeXml(m[1]!));
  return out;
}

function unescapeXml(s: string): string {
  return s.replace(
    /&(lt|gt|amp|quot|apos|#(\d+)|#x([0-9a-fA-F]+));/g,
    (_m, name: string, dec?: string, hex?: string) => {
      if (dec) return String.fromCodePoint(Number(dec));
      if (hex) return String.fromCodePoint(parseInt(hex, 16));
      return ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[name]!;
    },
  );
}

/** Epoch seconds, the JSON 1.1 timestamp format. */
export function epochSeconds(d: Date = new Date()): number {
  return Math.floor(d.getTime() / 1000);
}

/** A JSON 1.1 operation handler: parsed input in, output object out (or an AwsError thrown). */
export type JsonOperation = (input: Record<string, any>) => unknown | Promise<unknown>;
