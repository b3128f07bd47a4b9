/**
 * AWS Chalice event handlers (`@app.on_sns_message`, `on_sqs_message`, `on_s3_event`, `on_cw_event`,
 * `lambda_function`) receive Chalice's event objects, whose sender-controlled attributes are taint
 * sources (code/sources.ts CHALICE_EVENT_TAINTED); and a `.chalice/` folder that holds only a
 * template of its config (`config-sample.json`) marks a Chalice project. Written with the code
 * (session 4; they fail on the build before it) from the shapes of a public vulnerable Chalice app: an SNS subject and message
 * formatted into SQL, routes in projects that commit only `config-sample.json`).
 */
import noAuth from '../../rules/api-endpoint-no-authorizer';
import sqlInjection from '../../rules/injection-sql';
import commandInjection from '../../rules/injection-command';
import { run } from '../helpers/rule-tester';
import { useCodeParsers } from '../helpers/injection';

useCodeParsers();

const app = (body: string) => `import os
import json
import pymysql
from chalice import Chalice

app = Chalice(app_name='sensors')
db = pymysql.connect(host=os.environ['DB_HOST'])

${body}`;

run(sqlInjection, {
  valid: [
    {
      name: 'SNS handler with a parameterised query (near miss)',
      file: 'app.py',
      code: app(`@app.on_sns_message(topic='readings')\ndef react(event):\n    r = json.loads(event.message)\n    with db.cursor() as cur:\n        cur.execute("INSERT INTO t (name, v) VALUES (%s, %s)", (event.subject, r['reading']))\n`),
    },
    {
      name: 'a route that only inserts constants (near miss)',
      file: 'app.py',
      code: app(`@app.route('/test')\ndef index():\n    with db.cursor() as cur:\n        cur.execute("INSERT INTO t (name, v) VALUES ('%s', '%s')" % ('sensor_2', '60.0'))\n    return {}\n`),
    },
  ],
  invalid: [
    {
      name: 'SNS subject and message formatted into SQL',
      file: 'app.py',
      code: app(`@app.on_sns_message(topic='readings')\ndef react(event):\n    r = json.loads(event.message)\n    name = event.subject\n    with db.cursor() as cur:\n        cur.execute("INSERT INTO t (name, v) VALUES ('%s', %s)" % (name, r['reading']))\n`),
      errors: [{ line: 14, message: /`event\.(message|subject)`/ }],
    },
    {
      name: 'SQS records: the body of each record',
      file: 'app.py',
      code: app(`@app.on_sqs_message(queue='jobs')\ndef work(event):\n    for record in event:\n        with db.cursor() as cur:\n            cur.execute("DELETE FROM jobs WHERE id = " + record.body)\n`),
      errors: [{ line: 13 }],
    },
    {
      name: 'lambda_function: the raw event of an unknown caller',
      file: 'app.py',
      code: app(`@app.lambda_function()\ndef direct(event, context):\n    with db.cursor() as cur:\n        cur.execute(f"SELECT * FROM t WHERE id = {event['id']}")\n`),
      errors: [{ line: 12 }],
    },
  ],
});

run(commandInjection, {
  valid: [
    {
      name: 'S3 event: the bucket name is the app\'s own (near miss)',
      file: 'app.py',
      code: app(`@app.on_s3_event(bucket='uploads')\ndef on_upload(event):\n    os.system('aws s3 ls ' + event.bucket)\n`),
    },
  ],
  invalid: [
    {
      name: 'S3 event: the object key reaches a shell',
      file: 'app.py',
      code: app(`@app.on_s3_event(bucket='uploads')\ndef on_upload(event):\n    os.system('convert /tmp/' + event.key)\n`),
      errors: [{ line: 11, message: '`event.key`' }],
    },
    {
      name: 'CloudWatch / EventBridge event: detail',
      file: 'app.py',
      code: app(`@app.on_cw_event({'source': ['orders']})\ndef on_order(event):\n    os.system('echo ' + event.detail['id'])\n`),
      errors: [{ line: 11 }],
    },
  ],
});

run(noAuth, {
  valid: [
    { name: 'no .chalice folder at all: not a Chalice project here', file: 'app.py', code: app(`@app.route('/orders', methods=['POST'])\ndef create():\n    return {}\n`) },
  ],
  invalid: [
    {
      name: 'a .chalice folder with only config-sample.json is a Chalice project',
      file: 'app.py',
      files: { '.chalice/config-sample.json': '{"version": "2.0", "app_name": "orders", "stages": {"dev": {}}}\n' },
      code: app(`@app.route('/orders', methods=['POST'])\ndef create():\n    return app.current_request.json_body\n`),
      errors: [{ line: 9, message: '`POST /orders`' }],
    },
  ],
});
