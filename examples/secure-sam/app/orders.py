import json
import os

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ.get("TABLE_NAME", "orders"))


def handler(event, context):
    try:
        body = json.loads(event.get("body") or "{}")
    except json.JSONDecodeError:
        return {"statusCode": 400, "body": "invalid JSON"}
    customer = body.get("customer")
    if not isinstance(customer, str) or not customer.isalnum():
        return {"statusCode": 400, "body": "customer must be alphanumeric"}
    item = TABLE.get_item(Key={"id": customer}).get("Item")
    return {"statusCode": 200 if item else 404, "body": json.dumps(item or {})}
