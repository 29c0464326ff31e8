#!/usr/bin/python3
"""The boto 2 SQS tutorial, step by step, against a Ferry node.

    boto2_tutorial.py [HOST PORT [ACCESS_KEY SECRET_KEY]]

HOST and PORT default to FERRY_HOST / FERRY_PORT (else 127.0.0.1 and 9324); the keys default to
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Runs with the distribution's boto 2 (Debian:
python3-boto) under /usr/bin/python3. Every step checks what a boto user expects and prints one
line; the first unmet expectation ends the run with exit status 1.
"""

import hashlib
import os
import sys
import tempfile
import time
import traceback

# only what this flow says counts: no boto configuration file of the user's (read at import)
os.environ["BOTO_CONFIG"] = "/dev/null"
os.environ.pop("BOTO_PATH", None)

last_step = "start"


def fail(step, message):
    print("FAIL %s: %s" % (step, message), flush=True)
    sys.exit(1)


def check(step, condition, message):
    if not condition:
        fail(step, message)


def ok(step, message):
    global last_step
    last_step = step
    print("ok   %s: %s" % (step, message), flush=True)


try:
    import boto
    from boto.exception import SQSError
    from boto.regioninfo import RegionInfo
    from boto.sqs.connection import SQSConnection
    from boto.sqs.message import Message, RawMessage
except ImportError as missing:
    fail("import", "boto 2 is not importable by %s (%s); install the Debian package python3-boto"
         % (sys.executable, missing))


class BytesMessage(Message):
    """A base64 Message whose body reads back as bytes. Queue.dump writes bodies and the separator
    to a file it opens in binary mode; with boto 2's Message, whose body is a str on Python 3, it
    fails with "TypeError: a bytes-like object is required" before Ferry is involved."""

    def decode(self, value):
        return super().decode(value).encode("utf-8")


def main(argv):
    host = argv[1] if len(argv) > 1 else os.environ.get("FERRY_HOST", "127.0.0.1")
    port = int(argv[2] if len(argv) > 2 else os.environ.get("FERRY_PORT", "9324"))
    access_key = argv[3] if len(argv) > 3 else os.environ.get("AWS_ACCESS_KEY_ID")
    secret_key = argv[4] if len(argv) > 4 else os.environ.get("AWS_SECRET_ACCESS_KEY")
    if not access_key or not secret_key:
        fail("arguments", "give ACCESS_KEY and SECRET_KEY as arguments or AWS_ACCESS_KEY_ID and "
             "AWS_SECRET_ACCESS_KEY in the environment")

    try:
        run(host, port, access_key, secret_key)
    except SQSError as error:
        traceback.print_exc(file=sys.stdout)
        fail("the step after " + last_step, "unexpected SQS error: HTTP %s %s, code %s: %s"
             % (error.status, error.reason, error.error_code, error.body))
    except Exception as error:  # e.g. boto finding no VisibilityTimeout in an answer
        traceback.print_exc(file=sys.stdout)
        fail("the step after " + last_step, "%s: %s" % (type(error).__name__, error))
    print("boto 2 tutorial flow passed", flush=True)


def connect(host, port, access_key, secret_key):
    return SQSConnection(aws_access_key_id=access_key, aws_secret_access_key=secret_key,
                         region=RegionInfo(name="us-east-1", endpoint=host),
                         port=port, is_secure=False)


def receive(queue, expected, step, **options):
    """Reads until `expected` messages arrived (SQS may hand out fewer per call) or 10 s passed."""
    messages = []
    deadline = time.time() + 10
    while len(messages) < expected and time.time() < deadline:
        batch = queue.get_messages(num_messages=min(10, expected - len(messages)),
                                   wait_time_seconds=1, **options)
        messages.extend(batch)
    check(step, len(messages) == expected,
          "expected %d messages, received %d" % (expected, len(messages)))
    return messages


def expect_error(step, status, code, call):
    try:
        call()
    except SQSError as error:
        check(step, (error.status, error.error_code) == (status, code),
              "expected HTTP %s %s, got HTTP %s %s: %s"
              % (status, code, error.status, error.error_code, error.body))
        return error
    fail(step, "expected HTTP %s %s, the call succeeded" % (status, code))


def run(host, port, access_key, secret_key):
    conn = connect(host, port, access_key, secret_key)
    ok("connect", "boto %s, SQSConnection to http://%s:%d (SigV4, region us-east-1)"
       % (boto.__version__, host, port))

    stamp = "%d-%d" % (os.getpid(), int(time.time() * 1000))
    name = "tutorial-%s" % stamp
    slow_name = "tutorial-slow-%s" % stamp
    prefix = "tutorial-"

    # creating queues
    queue = conn.create_queue(name)
    check("create_queue", queue is not None and queue.url and queue.url.endswith("/" + name),
          "create_queue(%r) gave %r" % (name, queue))
    check("create_queue", queue.name == name, "queue.name is %r" % queue.name)
    ok("create_queue", "%s -> %s" % (name, queue.url))

    slow = conn.create_queue(slow_name, 120)
    check("create_queue(120)", slow.url.endswith("/" + slow_name), "gave %r" % slow.url)
    ok("create_queue(120)", slow.url)

    again = conn.create_queue(slow_name, 120)
    check("create_queue again", again.url == slow.url,
          "creating %s again with the same attributes gave %r, not %r" % (slow_name, again.url, slow.url))
    ok("create_queue again", "same attributes: same URL")
    expect_error("create_queue conflict", 400, "QueueAlreadyExists",
                 lambda: conn.create_queue(slow_name, 60))
    ok("create_queue conflict", "a different VisibilityTimeout: 400 QueueAlreadyExists")
    expect_error("create_queue invalid", 400, "InvalidParameterValue",
                 lambda: conn.create_queue("no spaces allowed"))
    ok("create_queue invalid", "an invalid name: 400 InvalidParameterValue")

    # queue attributes as the tutorial reads them
    timeout = queue.get_timeout()
    check("get_timeout", timeout == 30, "default visibility timeout is %r, expected 30" % timeout)
    slow_timeout = slow.get_timeout()
    check("get_timeout", slow_timeout == 120, "create_queue(name, 120) gave a timeout of %r" % slow_timeout)
    ok("get_timeout", "30 by default, 120 as created")

    attributes = queue.get_attributes()
    for key in ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                "VisibilityTimeout", "CreatedTimestamp", "LastModifiedTimestamp",
                "MaximumMessageSize", "MessageRetentionPeriod", "QueueArn", "DelaySeconds",
                "ReceiveMessageWaitTimeSeconds"):
        check("get_attributes", key in attributes, "get_attributes() lacks %s: %r" % (key, dict(attributes)))
    check("get_attributes", attributes["QueueArn"] == queue.arn,
          "QueueArn %r, boto computes %r" % (attributes["QueueArn"], queue.arn))
    ok("get_attributes", "All: %d attributes, QueueArn %s" % (len(attributes), attributes["QueueArn"]))

    # listing and looking up
    listed = [q.url for q in conn.get_all_queues()]
    check("get_all_queues", queue.url in listed and slow.url in listed,
          "%s and %s not both in %r" % (queue.url, slow.url, listed))
    with_prefix = sorted(q.url for q in conn.get_all_queues(prefix=prefix + "slow-" + stamp))
    check("get_all_queues(prefix)", with_prefix == [slow.url], "prefix listing gave %r" % with_prefix)
    ok("get_all_queues", "%d queues, both new ones; a prefix selects one" % len(listed))

    found = conn.lookup(name)
    check("lookup", found is not None and found.url == queue.url, "lookup(%r) gave %r" % (name, found))
    missing = conn.lookup("tutorial-missing-" + stamp)
    check("lookup", missing is None, "lookup of a queue that does not exist gave %r" % missing)
    found_by_get = conn.get_queue(slow_name)
    check("get_queue", found_by_get is not None and found_by_get.url == slow.url,
          "get_queue(%r) gave %r" % (slow_name, found_by_get))
    ok("lookup", "finds %s, None for a missing queue" % name)

    # writing messages (boto 2's Message base64-encodes the body)
    bodies = ["This is my first message.", "Second message", "Grüße, ünïcödé ✓"]
    written = []
    for body in bodies:
        message = Message()
        message.set_body(body)
        result = queue.write(message)
        check("write", result is message and message.id, "write gave %r, id %r" % (result, message.id))
        written.append(message)
    ok("write", "%d Messages, ids %s" % (len(written), ", ".join(m.id for m in written)))

    sent = conn.send_message(queue, Message(body="checked").get_body_encoded())
    expected_md5 = hashlib.md5(Message(body="checked").get_body_encoded().encode("utf-8")).hexdigest()
    check("send_message", getattr(sent, "MD5OfMessageBody", None) == expected_md5,
          "MD5OfMessageBody %r, expected %r" % (getattr(sent, "MD5OfMessageBody", None), expected_md5))
    bodies.append("checked")
    ok("send_message", "MD5OfMessageBody %s matches the encoded body" % expected_md5)

    count = queue.count()
    check("count", count == len(bodies), "count() is %r after writing %d" % (count, len(bodies)))
    ok("count", "%d" % count)

    # reading
    messages = receive(queue, len(bodies), "get_messages", visibility_timeout=60, attributes="All")
    got = sorted(m.get_body() for m in messages)
    check("get_messages", got == sorted(bodies), "bodies %r, expected %r" % (got, sorted(bodies)))
    for message in messages:
        check("get_messages", message.receipt_handle, "message %s has no receipt handle" % message.id)
        check("get_messages", message.attributes.get("ApproximateReceiveCount") == "1",
              "ApproximateReceiveCount %r" % message.attributes.get("ApproximateReceiveCount"))
        check("get_messages", "SentTimestamp" in message.attributes,
              "no SentTimestamp in %r" % dict(message.attributes))
        check("get_messages", message.md5 == hashlib.md5(message.get_body_encoded().encode("utf-8")).hexdigest(),
              "MD5OfBody %r does not match the body" % message.md5)
    check("get_messages", {m.id for m in messages} == {m.id for m in written} | {sent.id},
          "message ids differ from the ids write() returned")
    ok("get_messages", "num_messages, visibility_timeout=60, attributes=All: bodies round-trip")

    attributes = queue.get_attributes()
    check("in flight", attributes.get("ApproximateNumberOfMessages") == "0"
          and attributes.get("ApproximateNumberOfMessagesNotVisible") == str(len(bodies)),
          "expected 0 visible and %d in flight, got %r" % (len(bodies), dict(attributes)))
    nothing = queue.read(wait_time_seconds=1)
    check("read", nothing is None, "read() of a queue whose messages are in flight gave %r" % nothing)
    ok("in flight", "0 visible, %d not visible; read() gives None" % len(bodies))

    first = messages[0]
    first.change_visibility(0)
    again = queue.read(visibility_timeout=60, wait_time_seconds=2)
    check("change_visibility", again is not None and again.id == first.id and again.get_body() == first.get_body(),
          "after change_visibility(0) read() gave %r" % again)
    ok("change_visibility", "visibility 0 makes %s readable again" % first.id)

    for message in messages:
        if message.id == again.id:
            message = again
        check("delete_message", queue.delete_message(message) is True, "delete_message gave False")
    attributes = queue.get_attributes()
    check("delete_message", attributes.get("ApproximateNumberOfMessages") == "0"
          and attributes.get("ApproximateNumberOfMessagesNotVisible") == "0",
          "after deleting every message: %r" % dict(attributes))
    ok("delete_message", "%d deleted; the queue is empty" % len(messages))

    # message attributes
    message = Message(body="with attributes")
    message.message_attributes = {
        "color": {"data_type": "String", "string_value": "blue"},
        "size": {"data_type": "Number", "string_value": "42"},
    }
    queue.write(message)
    received = receive(queue, 1, "message attributes", message_attributes=["All"])[0]
    check("message attributes", received.get_body() == "with attributes", "body %r" % received.get_body())
    check("message attributes", dict(received.message_attributes) == {
        "color": {"data_type": "String", "string_value": "blue"},
        "size": {"data_type": "Number", "string_value": "42"}},
        "message attributes %r" % dict(received.message_attributes))
    check("message attributes", received.md5_message_attributes,
          "no MD5OfMessageAttributes in the answer")
    queue.delete_message(received)
    ok("message attributes", "String and Number attributes round-trip")

    # RawMessage: the body goes to SQS as is
    slow.set_message_class(RawMessage)
    raw = RawMessage()
    raw.set_body('{"raw": true, "text": "<not base64 & not escaped>"}')
    slow.write(raw)
    received = slow.read(wait_time_seconds=2)
    check("RawMessage", received is not None and isinstance(received, RawMessage)
          and received.get_body() == raw.get_body(), "read back %r" % (received and received.get_body()))
    check("RawMessage", slow.delete_message(received), "delete_message gave False")
    ok("RawMessage", "an unencoded JSON body round-trips")

    # batches
    batch = slow.write_batch([("m%d" % i, "batch body %d" % i, 0) for i in range(1, 6)])
    check("write_batch", not batch.errors and sorted(r["id"] for r in batch.results) == ["m1", "m2", "m3", "m4", "m5"],
          "results %r, errors %r" % (batch.results, batch.errors))
    for result in batch.results:
        body = "batch body %s" % result["id"][1:]
        check("write_batch", result["message_md5"] == hashlib.md5(body.encode("utf-8")).hexdigest(),
              "MD5 of %s is %r" % (result["id"], result["message_md5"]))
    ok("write_batch", "5 messages, MD5s match")
    messages = receive(slow, 5, "read batch")
    check("read batch", sorted(m.get_body() for m in messages) == ["batch body %d" % i for i in range(1, 6)],
          "bodies %r" % sorted(m.get_body() for m in messages))
    deleted = slow.delete_message_batch(messages)
    check("delete_message_batch", not deleted.errors and len(deleted.results) == 5,
          "results %r, errors %r" % (deleted.results, deleted.errors))
    ok("delete_message_batch", "5 deleted")

    # dump: every message's body to a file, separated by newlines
    dump_bodies = ["dump one", "dump two", "dump three"]
    for body in dump_bodies:
        queue.write(Message(body=body))
    queue.set_message_class(BytesMessage)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "dump.txt")
        dumped = queue.dump(path, sep=b"\n")
        with open(path, "rb") as file:
            lines = file.read().decode("utf-8").splitlines()
    queue.set_message_class(Message)
    check("dump", dumped == 3 and sorted(lines) == sorted(dump_bodies),
          "dump gave %r and wrote %r" % (dumped, lines))
    ok("dump", "3 messages written to a file (page_size 10, vtimeout 10)")

    # clear (PurgeQueue): also removes the messages dump left in flight
    check("clear", queue.clear() is True, "clear() gave False")
    attributes = queue.get_attributes()
    check("clear", attributes.get("ApproximateNumberOfMessages") == "0"
          and attributes.get("ApproximateNumberOfMessagesNotVisible") == "0",
          "after clear(): %r" % dict(attributes))
    queue.write(Message(body="after clear"))
    check("clear", queue.count() == 1, "a message written after clear() is not counted")
    ok("clear", "clear() (PurgeQueue) empties the queue, in flight or not")
    expect_error("purge again", 403, "AWS.SimpleQueueService.PurgeQueueInProgress", lambda: queue.purge())
    ok("purge again", "a second purge within 60 s: 403 AWS.SimpleQueueService.PurgeQueueInProgress")
    received = receive(queue, 1, "after clear")[0]
    check("after clear", received.get_body() == "after clear", "body %r" % received.get_body())
    check("after clear", queue.delete_message(received) is True, "delete_message gave False")

    # setting attributes
    check("set_attribute", queue.set_attribute("VisibilityTimeout", 45) is True, "gave False")
    check("set_attribute", queue.get_timeout() == 45, "VisibilityTimeout is %r after setting 45" % queue.get_timeout())
    check("set_timeout", queue.set_timeout(50) is True, "set_timeout(50) gave False")
    check("set_timeout", queue.get_timeout() == 50 and queue.visibility_timeout == 50,
          "get_timeout() %r, visibility_timeout %r after set_timeout(50)" % (queue.get_timeout(), queue.visibility_timeout))
    check("set_attribute", queue.set_attribute("DelaySeconds", 3) is True, "gave False")
    check("set_attribute", queue.set_attribute("ReceiveMessageWaitTimeSeconds", 1) is True, "gave False")
    attributes = queue.get_attributes()
    check("set_attribute", (attributes.get("DelaySeconds"), attributes.get("ReceiveMessageWaitTimeSeconds"))
          == ("3", "1"), "attributes after setting: %r" % dict(attributes))
    ok("set_attribute", "VisibilityTimeout 45, set_timeout(50), DelaySeconds 3, ReceiveMessageWaitTimeSeconds 1")
    expect_error("set_attribute invalid", 400, "InvalidAttributeValue",
                 lambda: queue.set_attribute("VisibilityTimeout", 43201))
    ok("set_attribute invalid", "VisibilityTimeout 43201: 400 InvalidAttributeValue")

    # permissions, kept in the Policy attribute
    check("add_permission", queue.add_permission("tutorial-send", "111122223333", "SendMessage") is True,
          "add_permission gave False")
    policy = queue.get_attributes("Policy").get("Policy", "")
    check("add_permission", "tutorial-send" in policy and "111122223333" in policy,
          "the Policy does not name the label and account: %r" % policy)
    check("remove_permission", queue.remove_permission("tutorial-send") is True, "remove_permission gave False")
    policy = queue.get_attributes("Policy").get("Policy", "")
    check("remove_permission", "tutorial-send" not in policy, "the label is still in the Policy: %r" % policy)
    ok("add_permission", "SendMessage for 111122223333 in the Policy, then removed")

    # DelaySeconds 3: a new message is delayed, then arrives
    queue.write(Message(body="delayed"))
    attributes = queue.get_attributes()
    check("delay", attributes.get("ApproximateNumberOfMessagesDelayed") == "1",
          "ApproximateNumberOfMessagesDelayed %r" % attributes.get("ApproximateNumberOfMessagesDelayed"))
    check("delay", queue.read() is None, "a message of a queue with DelaySeconds 3 was readable at once")
    received = receive(queue, 1, "delay")[0]
    check("delay", received.get_body() == "delayed", "body %r" % received.get_body())
    queue.delete_message(received)
    ok("delay", "delayed first, then received")

    # a wrong secret key is refused
    wrong = connect(host, port, access_key, secret_key + "-wrong")
    expect_error("signature", 403, "SignatureDoesNotMatch", lambda: wrong.get_all_queues())
    ok("signature", "a wrong secret key: 403 SignatureDoesNotMatch")

    # deleting
    check("delete_queue", conn.delete_queue(queue) is True, "delete_queue gave False")
    check("delete_queue", slow.delete() is True, "queue.delete() gave False")
    check("delete_queue", conn.lookup(name) is None and conn.lookup(slow_name) is None,
          "the deleted queues are still found")
    remaining = [q.url for q in conn.get_all_queues(prefix=prefix) if stamp in q.url]
    check("delete_queue", remaining == [], "still listed: %r" % remaining)
    ok("delete_queue", "both queues gone from lookup and get_all_queues")


if __name__ == "__main__":
    main(sys.argv)
