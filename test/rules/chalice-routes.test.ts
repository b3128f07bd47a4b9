/**
 * AWS Chalice routes (`@app.route` / blueprint `@bp.route` in a project with `.chalice/config.json`)
 * without `authorizer=`: unauthenticated endpoints, reported at the decorator. Written before
 * code/chalice-routes.ts.
 */
import noAuth from '../../rules/api-endpoint-no-authorizer';
import commandInjection from '../../rules/injection-command';
import { run } from '../helpers/rule-tester';
import { useCodeParsers } from '../helpers/injection';

useCodeParsers();

const config = { '.chalice/config.json': '{\n  "version": "2.0",\n  "app_name": "orders",\n  "stages": {"dev": {"api_gateway_stage": "api"}}\n}\n' };

const app = (routes: string, imports = 'from chalice import Chalice') => `${imports}

app = Chalice(app_name='orders')

${routes}`;

run(noAuth, {
  valid: [
    {
      name: 'IAM and Cognito authorizers',
      file: 'app.py',
      files: config,
      code: app(
        `authorizer = CognitoUserPoolAuthorizer('pool', provider_arns=['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_x'])\n\n\n@app.route('/orders', methods=['POST'], authorizer=authorizer)\ndef create():\n    return {}\n\n\n@app.route('/admin', authorizer=IAMAuthorizer())\ndef admin():\n    return {}\n`,
        'from chalice import Chalice, CognitoUserPoolAuthorizer, IAMAuthorizer',
      ),
    },
    { name: 'no .chalice/config.json: not a Chalice project here', file: 'app.py', code: app(`@app.route('/orders', methods=['POST'])\ndef create():\n    return {}\n`) },
    { name: 'OPTIONS only', file: 'app.py', files: config, code: app(`@app.route('/orders', methods=['OPTIONS'])\ndef preflight():\n    return {}\n`) },
    { name: 'API key required is not this rule\'s', file: 'app.py', files: config, code: app(`@app.route('/orders', api_key_required=True)\ndef list_orders():\n    return []\n`) },
    {
      name: 'event handlers are not routes',
      file: 'app.py',
      files: config,
      code: app(`@app.lambda_function()\ndef worker(event, context):\n    return {}\n\n\n@app.on_s3_event(bucket='uploads')\ndef on_upload(event):\n    return None\n`),
    },
    {
      name: 'a Flask app is not a Chalice app (near miss)',
      file: 'app.py',
      files: config,
      code: `from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route('/orders', methods=['POST'])\ndef create():\n    return {}\n`,
    },
  ],
  invalid: [
    {
      name: 'Chalice /login and /health are public by design: not reported; /orders next to them stays a warning',
      file: 'app.py',
      files: config,
      code: app(`@app.route('/login', methods=['POST'])\ndef login():\n    return {}\n\n\n@app.route('/health')\ndef health():\n    return {}\n\n\n@app.route('/orders', methods=['POST'])\ndef create():\n    return {}\n`),
      errors: [{ text: "@app.route('/orders', methods=['POST'])", severity: 'warning', messageId: 'chalice' }],
    },
    {
      name: 'POST route without authorizer',
      file: 'app.py',
      files: config,
      code: app(`@app.route('/orders', methods=['POST'])\ndef create():\n    body = app.current_request.json_body\n    return body\n`),
      errors: [{ text: "@app.route('/orders', methods=['POST'])", line: 5, message: '`POST /orders` (view create)' }],
    },
    { name: 'default method is GET', file: 'app.py', files: config, code: app(`@app.route('/')\ndef index():\n    return {'hello': 'world'}\n`), errors: [{ line: 5, message: '`GET /`' }] },
    {
      name: 'two methods, one finding per route',
      file: 'app.py',
      files: config,
      code: app(`@app.route('/orders/{id}', methods=['PUT', 'DELETE'])\ndef change(id):\n    return {}\n`),
      errors: [{ line: 5, message: '`PUT, DELETE /orders/{id}`' }],
    },
    { name: 'authorizer=None', file: 'app.py', files: config, code: app(`@app.route('/orders', authorizer=None)\ndef list_orders():\n    return []\n`), errors: [{ line: 5 }] },
    {
      name: 'blueprint route in chalicelib',
      file: 'chalicelib/orders.py',
      files: config,
      code: `from chalice import Blueprint\n\nbp = Blueprint(__name__)\n\n\n@bp.route('/orders/{id}', methods=['DELETE'])\ndef delete(id):\n    return {}\n`,
      errors: [{ line: 6, message: '`DELETE /orders/{id}`' }],
    },
    {
      name: 'imported as a module',
      file: 'app.py',
      files: config,
      code: `import chalice\n\napp = chalice.Chalice(app_name='orders')\n\n\n@app.route('/orders', methods=['POST'])\ndef create():\n    return {}\n`,
      errors: [{ line: 6 }],
    },
  ],
});


// The view's `app.current_request` is API input for the taint analysis (code/engine.ts), with or
// without the config next to it.
run(commandInjection, {
  valid: [{ name: 'a constant command in a view', file: 'app.py', files: config, code: app(`import os\n\n\n@app.route('/run', methods=['POST'])\ndef run():\n    os.system('ls')\n    return {}\n`) }],
  invalid: [
    {
      name: 'json_body of the current request reaches os.system',
      file: 'app.py',
      files: config,
      code: app(`import os\n\n\n@app.route('/run', methods=['POST'], authorizer=IAMAuthorizer())\ndef run():\n    os.system('ping ' + app.current_request.json_body['host'])\n    return {}\n`, 'from chalice import Chalice, IAMAuthorizer'),
      errors: [{ line: 10, message: 'app.current_request.json_body' }],
    },
  ],
});
