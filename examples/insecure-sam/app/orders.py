import json
import os
import subprocess

import pymysql

conn = pymysql.connect(host=os.environ["DB_HOST"], user="orders", password=os.environ["DB_PASSWORD"], database="orders")


def handler(event, context):
    body = json.loads(event["body"])
    with conn.cursor() as cur:
        cur.execute(f"SELECT * FROM orders WHERE customer = '{body['customer']}'")
        rows = cur.fetchall()
    subprocess.run("echo " + body["note"], shell=True)
    return {"statusCode": 200, "body": json.dumps(rows)}
