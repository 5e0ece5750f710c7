"""A webhook receiver for Patron in Python, standard library only: verifies each delivery's Standard Webhooks
signature with plain HMAC-SHA256 and prints the event. WEBHOOK_SECRET is the endpoint's signing secret (whsec_...,
in the answer to webhooks.create); PORT is where it listens (4001). Answers 204 to a verified delivery, 400 otherwise.
(The `standardwebhooks` package on PyPI does the same: Webhook(secret).verify(body, headers).)"""

import base64
import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

def verify(secret, headers, body, now=None):
    """The event of a delivery whose signature holds; raises ValueError otherwise. `body` is the raw bytes."""
    message_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp")
    signatures = headers.get("webhook-signature")
    if not (message_id and timestamp and signatures):
        raise ValueError("missing webhook-id, webhook-timestamp or webhook-signature")
    if abs((time.time() if now is None else now) - int(timestamp)) > 5 * 60:
        raise ValueError("timestamp too far from now")
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for signature in signatures.split(" "):
        version, _, value = signature.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return json.loads(body)
    raise ValueError("no signature matches")


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            event = verify(os.environ["WEBHOOK_SECRET"], headers, body)
            print(f"verified {event['type']} {headers['webhook-id']}", flush=True)
            self.send_response(204)
        except ValueError as error:
            print(f"refused a delivery: {error}", flush=True)
            self.send_response(400)
        self.end_headers()

    def log_message(self, format, *args):
        pass


if __name__ == "__main__":
    if not os.environ.get("WEBHOOK_SECRET"):
        sys.exit("set WEBHOOK_SECRET to the endpoint's signing secret (whsec_...)")
    port = int(os.environ.get("PORT", "4001"))
    print(f"receiver listening on http://127.0.0.1:{port}/webhooks", flush=True)
    HTTPServer(("127.0.0.1", port), Receiver).serve_forever()
