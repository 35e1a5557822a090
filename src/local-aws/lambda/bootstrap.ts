/**
 * The bootstraps that stand in for Lambda's runtime: load `file.export` from /tmp/lambda/task, call it
 * once with the event in /tmp/lambda/event.json and a minimal context, then exit. Whether the job
 * succeeded is not their business: the function says so through PutJobSuccessResult/FailureResult.
 */

export const LAMBDA_ROOT = '/tmp/lambda';

export const NODE_BOOTSTRAP = String.raw`
const { readFileSync, existsSync } = require('node:fs');
const { pathToFileURL } = require('node:url');
const [file, name] = [process.env.CODELOCAL_HANDLER.replace(/\.[^.]+$/, ''), process.env.CODELOCAL_HANDLER.replace(/^.*\./, '')];
const base = '/tmp/lambda/task/' + file;
const path = ['.js', '.mjs', '.cjs'].map((x) => base + x).find((p) => existsSync(p));
const event = JSON.parse(readFileSync('/tmp/lambda/event.json', 'utf8'));
const deadline = Date.now() + Number(process.env.CODELOCAL_TIMEOUT_MS);
const context = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, awsRequestId: process.env.CODELOCAL_REQUEST_ID,
  invokedFunctionArn: process.env.CODELOCAL_FUNCTION_ARN, memoryLimitInMB: '128', functionVersion: '$LATEST',
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()), callbackWaitsForEmptyEventLoop: true,
};
(async () => {
  if (!path) throw new Error('Cannot find module ' + file + ' (handler ' + process.env.CODELOCAL_HANDLER + ')');
  const mod = await import(pathToFileURL(path).href);
  const fn = mod[name] ?? mod.default?.[name];
  if (typeof fn !== 'function') throw new Error(process.env.CODELOCAL_HANDLER + ' is undefined or not exported');
  const result = await new Promise((resolve, reject) => {
    const r = fn(event, context, (err, value) => (err ? reject(err) : resolve(value)));
    if (r && typeof r.then === 'function') r.then(resolve, reject);
  });
  if (result !== undefined) console.log('function returned: ' + JSON.stringify(result));
})().catch((e) => {
  console.error('function error: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
`;

export const PYTHON_BOOTSTRAP = String.raw`
import importlib, json, os, sys, time, traceback
sys.path.insert(0, '/tmp/lambda/task')
handler = os.environ['CODELOCAL_HANDLER']
module_name, _, name = handler.rpartition('.')
deadline = time.time() * 1000 + int(os.environ['CODELOCAL_TIMEOUT_MS'])
class Context:
    function_name = os.environ.get('AWS_LAMBDA_FUNCTION_NAME')
    aws_request_id = os.environ.get('CODELOCAL_REQUEST_ID')
    invoked_function_arn = os.environ.get('CODELOCAL_FUNCTION_ARN')
    memory_limit_in_mb = '128'
    function_version = '$LATEST'
    def get_remaining_time_in_millis(self):
        return max(0, int(deadline - time.time() * 1000))
try:
    with open('/tmp/lambda/event.json') as f:
        event = json.load(f)
    fn = getattr(importlib.import_module(module_name.replace('/', '.')), name)
    result = fn(event, Context())
    if result is not None:
        print('function returned: ' + json.dumps(result, default=str))
except Exception:
    print('function error: ' + traceback.format_exc(), file=sys.stderr)
    sys.exit(1)
`;
