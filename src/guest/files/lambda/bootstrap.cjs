// codelocal: stands in for Lambda's Node.js runtime (src/guest/files/lambda/bootstrap.cjs; started by
// src/local-aws/lambda/run-function.ts as `node /tmp/lambda/bootstrap.js`). Loads `file.export` from
// /tmp/lambda/task, calls it once with the event in /tmp/lambda/event.json and a minimal context, then
// exits. Whether the job succeeded is not its business: the function says so through
// PutJobSuccessResult/FailureResult.
const { readFileSync, existsSync } = require('node:fs');
const { pathToFileURL } = require('node:url');
const [file, name] = [
  process.env.CODELOCAL_HANDLER.replace(/\.[^.]+$/, ''),
  process.env.CODELOCAL_HANDLER.replace(/^.*\./, ''),
];
const base = '/tmp/lambda/task/' + file;
const path = ['.js', '.mjs', '.cjs'].map((x) => base + x).find((p) => existsSync(p));
const event = JSON.parse(readFileSync('/tmp/lambda/event.json', 'utf8'));
const deadline = Date.now() + Number(process.env.CODELOCAL_TIMEOUT_MS);
const context = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  awsRequestId: process.env.CODELOCAL_REQUEST_ID,
  invokedFunctionArn: process.env.CODELOCAL_FUNCTION_ARN,
  memoryLimitInMB: '128',
  functionVersion: '$LATEST',
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  callbackWaitsForEmptyEventLoop: true,
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
