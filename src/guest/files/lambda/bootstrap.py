# codelocal: stands in for Lambda's Python runtime (src/guest/files/lambda/bootstrap.py; started by
# src/local-aws/lambda/run-function.ts as `python3 -u /tmp/lambda/bootstrap.py`). Loads `module.function`
# from /tmp/lambda/task, calls it once with the event in /tmp/lambda/event.json and a minimal context, then
# exits. Whether the job succeeded is not its business: the function says so through
# PutJobSuccessResult/FailureResult.
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
