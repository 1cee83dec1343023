"""
moto_server with what this project adds around it:

1. The IAM call it lacks that deleting a user needs. Terraform's aws_iam_user
   with force_destroy lists the user's service-specific credentials before
   deleting it. moto 5.2.5 does not implement ListServiceSpecificCredentials and
   answers HTTP 500, which the AWS provider retries for many minutes, so
   offboarding a person hung against the emulator. moto cannot create such
   credentials either, so the true answer is always an empty list; unknown users
   still get NoSuchEntity, as from AWS.

2. A fixed delay before every AWS request it serves (IAM_ROSTER_EMULATOR_DELAY_MS,
   default 0: none), standing in for the round trip to real AWS that a local
   emulator lacks (about 30 ms for IAM). The server is threaded, so concurrent
   requests wait side by side, as over a network. Its own control paths
   (/moto-api/..., /iam-roster-emulator/...) are not delayed.

3. A count of the AWS requests it served by action (the query protocol's Action,
   or the JSON protocol's X-Amz-Target), so a benchmark can say which call
   dominates: GET /iam-roster-emulator/requests. GET /iam-roster-emulator/delay
   shows the delay, POST /iam-roster-emulator/delay?ms=N changes it (a benchmark
   measures one deployed account with and without it).
"""
import io
import json
import os
import sys
import threading
import time
from urllib.parse import parse_qs

import moto.server
from moto.iam.responses import IamResponse

LIST_SERVICE_SPECIFIC_CREDENTIALS = """<ListServiceSpecificCredentialsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <ListServiceSpecificCredentialsResult>
    <ServiceSpecificCredentials/>
  </ListServiceSpecificCredentialsResult>
  <ResponseMetadata>
    <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
  </ResponseMetadata>
</ListServiceSpecificCredentialsResponse>"""


def list_service_specific_credentials(self):
    user_name = self._get_param("UserName")
    if user_name:
        self.backend.get_user(user_name)
    return LIST_SERVICE_SPECIFIC_CREDENTIALS


if not hasattr(IamResponse, "list_service_specific_credentials"):
    IamResponse.list_service_specific_credentials = list_service_specific_credentials

CONTROL = "/iam-roster-emulator/"
MOTO_CONTROL = "/moto-api/"


def delay_from_env():
    raw = os.environ.get("IAM_ROSTER_EMULATOR_DELAY_MS", "") or "0"
    value = int(raw)
    if value < 0:
        raise ValueError(f"IAM_ROSTER_EMULATOR_DELAY_MS: expected a whole number of milliseconds, got {raw!r}")
    return value


class Latency:
    """The delay in force and the requests served by action, shared by the server's threads."""

    def __init__(self, delay_ms):
        self.delay_ms = delay_ms
        self.counts = {}
        self.lock = threading.Lock()

    def count(self, action):
        with self.lock:
            self.counts[action] = self.counts.get(action, 0) + 1


LATENCY = Latency(delay_from_env())


def action_of(environ):
    """The AWS action a request asks for; a form body is read and put back for moto."""
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return target.split(".")[-1]
    query = parse_qs(environ.get("QUERY_STRING", ""))
    if "Action" in query:
        return query["Action"][0]
    length = environ.get("CONTENT_LENGTH") or ""
    if environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded") and length.isdigit():
        body = environ["wsgi.input"].read(int(length))
        environ["wsgi.input"] = io.BytesIO(body)
        form = parse_qs(body.decode("utf-8", "replace"))
        if "Action" in form:
            return form["Action"][0]
    return f"{environ.get('REQUEST_METHOD', '?')} {environ.get('PATH_INFO', '/')}"


def control(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path == CONTROL + "delay" and environ.get("REQUEST_METHOD") == "POST":
        ms = parse_qs(environ.get("QUERY_STRING", "")).get("ms", [""])[0]
        if not ms.isdigit():
            start_response("400 Bad Request", [("Content-Type", "text/plain")])
            return [b"expected ?ms=<whole number of milliseconds>"]
        LATENCY.delay_ms = int(ms)
    if path == CONTROL + "delay":
        body = {"delayMs": LATENCY.delay_ms}
    elif path == CONTROL + "requests":
        with LATENCY.lock:
            body = {"requests": dict(LATENCY.counts)}
    else:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"unknown control path"]
    start_response("200 OK", [("Content-Type", "application/json")])
    return [json.dumps(body).encode()]


class DelayedDispatcher(moto.server.DomainDispatcherApplication):
    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(CONTROL):
            return control(environ, start_response)
        if not path.startswith(MOTO_CONTROL):
            LATENCY.count(action_of(environ))
            if LATENCY.delay_ms:
                time.sleep(LATENCY.delay_ms / 1000)
        return super().__call__(environ, start_response)


# moto.server.main builds its application from this name.
moto.server.DomainDispatcherApplication = DelayedDispatcher

if __name__ == "__main__":
    moto.server.main(sys.argv[1:])
