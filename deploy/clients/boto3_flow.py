#!/usr/bin/env python3
"""One boto3 SQS flow against a Ferry node, for any boto3: the distribution's (Debian
python3-boto3, botocore 1.29: the Query protocol) and current ones (the JSON protocol).

    boto3_flow.py [ENDPOINT_URL [ACCESS_KEY SECRET_KEY]]

ENDPOINT_URL defaults to FERRY_ENDPOINT (else http://127.0.0.1:9324); the keys default to
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. The region is us-east-1. Every step checks what a
boto3 user expects and prints one line; the first unmet expectation ends the run with exit
status 1.
"""

import hashlib
import os
import struct
import sys
import time
import traceback

# only what this flow says counts: no profile, region or endpoint from the user's files
os.environ["AWS_CONFIG_FILE"] = "/dev/null"
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
for variable in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SQS",
                 "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
    os.environ.pop(variable, None)

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
    import boto3
    import botocore
    from botocore.config import Config
    from botocore.exceptions import ClientError
except ImportError as missing:
    fail("import", "boto3 is not importable by %s (%s); install the Debian package python3-boto3"
         % (sys.executable, missing))


def md5_of_body(body):
    return hashlib.md5(body.encode("utf-8")).hexdigest()


def md5_of_attributes(attributes):
    """SQS's digest of message attributes: per name in order, length-prefixed name, data type,
    a transport byte (1 string, 2 binary) and length-prefixed value."""
    digest = hashlib.md5()

    def field(data):
        digest.update(struct.pack(">I", len(data)) + data)

    for name in sorted(attributes):
        value = attributes[name]
        field(name.encode("utf-8"))
        field(value["DataType"].encode("utf-8"))
        if "BinaryValue" in value:
            digest.update(b"\x02")
            field(value["BinaryValue"])
        else:
            digest.update(b"\x01")
            field(value["StringValue"].encode("utf-8"))
    return digest.hexdigest()


def error_of(step, code, call, status=400):
    try:
        call()
    except ClientError as error:
        got = (error.response["ResponseMetadata"].get("HTTPStatusCode"), error.response["Error"].get("Code"))
        check(step, got == (status, code), "expected HTTP %s %s, got HTTP %s %s: %r"
              % (status, code, got[0], got[1], error.response.get("Error")))
        return error
    fail(step, "expected HTTP %s %s, the call succeeded" % (status, code))


def receive(sqs, url, expected, step, **options):
    """Receives until `expected` messages arrived (SQS may hand out fewer per call) or 10 s passed."""
    messages = []
    deadline = time.time() + 10
    while len(messages) < expected and time.time() < deadline:
        answer = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=min(10, expected - len(messages)),
                                     WaitTimeSeconds=1, **options)
        messages.extend(answer.get("Messages", []))
    check(step, len(messages) == expected, "expected %d messages, received %d" % (expected, len(messages)))
    return messages


def main(argv):
    endpoint = argv[1] if len(argv) > 1 else os.environ.get("FERRY_ENDPOINT", "http://127.0.0.1:9324")
    access_key = argv[2] if len(argv) > 2 else os.environ.get("AWS_ACCESS_KEY_ID")
    secret_key = argv[3] if len(argv) > 3 else os.environ.get("AWS_SECRET_ACCESS_KEY")
    if not access_key or not secret_key:
        fail("arguments", "give ACCESS_KEY and SECRET_KEY as arguments or AWS_ACCESS_KEY_ID and "
             "AWS_SECRET_ACCESS_KEY in the environment")
    try:
        run(endpoint, access_key, secret_key)
    except ClientError as error:
        traceback.print_exc(file=sys.stdout)
        fail("the step after " + last_step, "unexpected error: HTTP %s, %r"
             % (error.response["ResponseMetadata"].get("HTTPStatusCode"), error.response.get("Error")))
    except Exception as error:
        traceback.print_exc(file=sys.stdout)
        fail("the step after " + last_step, "%s: %s" % (type(error).__name__, error))
    print("boto3 flow passed", flush=True)


def client(endpoint, access_key, secret_key):
    return boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=access_key, aws_secret_access_key=secret_key,
                        config=Config(retries={"max_attempts": 2}))


def run(endpoint, access_key, secret_key):
    sqs = client(endpoint, access_key, secret_key)
    protocol = sqs.meta.service_model.protocol
    ok("client", "boto3 %s, botocore %s, Python %s, protocol %s, endpoint %s"
       % (boto3.__version__, botocore.__version__, sys.version.split()[0], protocol, endpoint))

    stamp = "%d-%d" % (os.getpid(), int(time.time() * 1000))
    name = "boto3-%s" % stamp
    fifo_name = "boto3-%s.fifo" % stamp

    # create_queue with attributes and tags
    url = sqs.create_queue(QueueName=name,
                           Attributes={"VisibilityTimeout": "45", "MessageRetentionPeriod": "3600"},
                           tags={"team": "ferry", "stage": "classic-clients"})["QueueUrl"]
    check("create_queue", url.startswith(endpoint) and url.endswith("/" + name), "QueueUrl %r" % url)
    tags = sqs.list_queue_tags(QueueUrl=url).get("Tags")
    check("create_queue", tags == {"team": "ferry", "stage": "classic-clients"}, "tags %r" % tags)
    ok("create_queue", "%s with VisibilityTimeout 45, MessageRetentionPeriod 3600 and 2 tags" % url)

    same = sqs.create_queue(QueueName=name,
                            Attributes={"VisibilityTimeout": "45", "MessageRetentionPeriod": "3600"})["QueueUrl"]
    check("create_queue again", same == url, "same attributes gave %r" % same)
    error_of("create_queue conflict", "QueueAlreadyExists",
             lambda: sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "46"}))
    ok("create_queue again", "same attributes: same URL; other attributes: QueueAlreadyExists")

    got = sqs.get_queue_url(QueueName=name)["QueueUrl"]
    check("get_queue_url", got == url, "gave %r, expected %r" % (got, url))
    ok("get_queue_url", got)

    listed = sqs.list_queues().get("QueueUrls", [])
    check("list_queues", url in listed, "%s not in %r" % (url, listed))
    prefixed = sqs.list_queues(QueueNamePrefix=name).get("QueueUrls", [])
    check("list_queues", prefixed == [url], "prefix %s gave %r" % (name, prefixed))
    ok("list_queues", "%d queues; prefix %s gives exactly this one" % (len(listed), name))

    # send_message with message attributes
    attributes = {
        "color": {"DataType": "String", "StringValue": "blue"},
        "count": {"DataType": "Number", "StringValue": "42"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xfe\xff"},
    }
    body = "hello from boto3 ✓"
    sent = sqs.send_message(QueueUrl=url, MessageBody=body, MessageAttributes=attributes)
    check("send_message", sent.get("MessageId"), "no MessageId in %r" % sent)
    check("send_message", sent.get("MD5OfMessageBody") == md5_of_body(body),
          "MD5OfMessageBody %r, expected %r" % (sent.get("MD5OfMessageBody"), md5_of_body(body)))
    check("send_message", sent.get("MD5OfMessageAttributes") == md5_of_attributes(attributes),
          "MD5OfMessageAttributes %r, expected %r" % (sent.get("MD5OfMessageAttributes"), md5_of_attributes(attributes)))
    ok("send_message", "%s with String, Number and Binary attributes; both MD5s match" % sent["MessageId"])

    # send_message_batch
    entries = [{"Id": "e%d" % i, "MessageBody": "batch %d" % i} for i in range(1, 4)]
    batch = sqs.send_message_batch(QueueUrl=url, Entries=entries)
    check("send_message_batch", not batch.get("Failed") and sorted(e["Id"] for e in batch.get("Successful", []))
          == ["e1", "e2", "e3"], "answer %r" % batch)
    for entry in batch["Successful"]:
        check("send_message_batch", entry["MD5OfMessageBody"] == md5_of_body("batch " + entry["Id"][1:]),
              "MD5 of %s is %r" % (entry["Id"], entry["MD5OfMessageBody"]))
    ok("send_message_batch", "3 entries, all successful, MD5s match")

    count = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]
    check("get_queue_attributes", count == {"ApproximateNumberOfMessages": "4"}, "gave %r" % count)
    ok("get_queue_attributes", "ApproximateNumberOfMessages 4")

    # receive_message with system and message attributes, long polling
    messages = receive(sqs, url, 4, "receive_message", AttributeNames=["All"], MessageAttributeNames=["All"])
    bodies = sorted(m["Body"] for m in messages)
    check("receive_message", bodies == sorted([body, "batch 1", "batch 2", "batch 3"]), "bodies %r" % bodies)
    for message in messages:
        check("receive_message", message["MD5OfBody"] == md5_of_body(message["Body"]),
              "MD5OfBody %r of %r" % (message["MD5OfBody"], message["Body"]))
        system = message.get("Attributes", {})
        for key in ("SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp"):
            check("receive_message", key in system, "no %s in %r" % (key, system))
        check("receive_message", system["ApproximateReceiveCount"] == "1", "attributes %r" % system)
    first = next(m for m in messages if m["Body"] == body)
    check("receive_message", first["MessageId"] == sent["MessageId"], "MessageId %r" % first["MessageId"])
    check("receive_message", first.get("MessageAttributes") == attributes,
          "message attributes %r, expected %r" % (first.get("MessageAttributes"), attributes))
    check("receive_message", first.get("MD5OfMessageAttributes") == md5_of_attributes(attributes),
          "MD5OfMessageAttributes %r" % first.get("MD5OfMessageAttributes"))
    ok("receive_message", "4 messages, WaitTimeSeconds=1, AttributeNames and MessageAttributeNames All")

    started = time.time()
    empty = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)
    waited = time.time() - started
    check("long poll", not empty.get("Messages"), "a queue with everything in flight gave %r" % empty.get("Messages"))
    check("long poll", waited >= 0.9, "WaitTimeSeconds=1 answered after %.2f s" % waited)
    ok("long poll", "nothing visible: empty answer after %.1f s" % waited)

    # change_message_visibility
    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=first["ReceiptHandle"], VisibilityTimeout=0)
    again = receive(sqs, url, 1, "change_message_visibility", AttributeNames=["ApproximateReceiveCount"])[0]
    check("change_message_visibility", again["MessageId"] == first["MessageId"]
          and again["Attributes"].get("ApproximateReceiveCount") == "2", "received %r" % again)
    ok("change_message_visibility", "visibility 0: received again, ApproximateReceiveCount 2")
    error_of("change_message_visibility", "InvalidParameterValue",
             lambda: sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=again["ReceiptHandle"],
                                                   VisibilityTimeout=43201))
    ok("change_message_visibility", "VisibilityTimeout 43201: InvalidParameterValue")

    # delete_message_batch
    handles = [again["ReceiptHandle"]] + [m["ReceiptHandle"] for m in messages if m["MessageId"] != first["MessageId"]]
    deleted = sqs.delete_message_batch(QueueUrl=url, Entries=[
        {"Id": "d%d" % i, "ReceiptHandle": handle} for i, handle in enumerate(handles)])
    check("delete_message_batch", not deleted.get("Failed") and len(deleted.get("Successful", [])) == 4,
          "answer %r" % deleted)
    ok("delete_message_batch", "4 deleted")

    # get_queue_attributes All
    all_attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    expected = {"VisibilityTimeout": "45", "MessageRetentionPeriod": "3600", "DelaySeconds": "0",
                "ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "0",
                "ApproximateNumberOfMessagesDelayed": "0", "ReceiveMessageWaitTimeSeconds": "0"}
    for key, value in expected.items():
        check("get_queue_attributes All", all_attributes.get(key) == value,
              "%s is %r, expected %r (all: %r)" % (key, all_attributes.get(key), value, all_attributes))
    for key in ("QueueArn", "CreatedTimestamp", "LastModifiedTimestamp", "MaximumMessageSize"):
        check("get_queue_attributes All", key in all_attributes, "no %s in %r" % (key, all_attributes))
    check("get_queue_attributes All", all_attributes["QueueArn"].startswith("arn:aws:sqs:us-east-1:")
          and all_attributes["QueueArn"].endswith(":" + name), "QueueArn %r" % all_attributes["QueueArn"])
    ok("get_queue_attributes All", "%d attributes, QueueArn %s" % (len(all_attributes), all_attributes["QueueArn"]))

    sqs.set_queue_attributes(QueueUrl=url, Attributes={"ReceiveMessageWaitTimeSeconds": "1", "DelaySeconds": "0"})
    changed = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ReceiveMessageWaitTimeSeconds"])["Attributes"]
    check("set_queue_attributes", changed == {"ReceiveMessageWaitTimeSeconds": "1"}, "gave %r" % changed)
    ok("set_queue_attributes", "ReceiveMessageWaitTimeSeconds 1")

    # FIFO: groups, deduplication ids
    fifo_url = sqs.create_queue(QueueName=fifo_name, Attributes={"FifoQueue": "true"})["QueueUrl"]
    check("fifo create_queue", fifo_url.endswith("/" + fifo_name), "QueueUrl %r" % fifo_url)
    fifo_attributes = sqs.get_queue_attributes(QueueUrl=fifo_url, AttributeNames=["All"])["Attributes"]
    check("fifo create_queue", fifo_attributes.get("FifoQueue") == "true"
          and fifo_attributes.get("ContentBasedDeduplication") == "false", "attributes %r" % fifo_attributes)
    ok("fifo create_queue", fifo_url)

    one = sqs.send_message(QueueUrl=fifo_url, MessageBody="first", MessageGroupId="g1", MessageDeduplicationId="d1")
    check("fifo send", one.get("MessageId") and one.get("SequenceNumber"), "answer %r" % one)
    repeat = sqs.send_message(QueueUrl=fifo_url, MessageBody="first", MessageGroupId="g1", MessageDeduplicationId="d1")
    check("fifo dedup", repeat.get("MessageId") == one["MessageId"],
          "a repeated send with the same MessageDeduplicationId gave MessageId %r, the first gave %r"
          % (repeat.get("MessageId"), one["MessageId"]))
    two = sqs.send_message(QueueUrl=fifo_url, MessageBody="second", MessageGroupId="g1", MessageDeduplicationId="d2")
    check("fifo send", two.get("MessageId") != one["MessageId"] and int(two["SequenceNumber"]) > int(one["SequenceNumber"]),
          "second answer %r after %r" % (two, one))
    ok("fifo send", "same MessageDeduplicationId: same MessageId %s; sequence numbers grow" % one["MessageId"])
    error_of("fifo send", "MissingParameter",
             lambda: sqs.send_message(QueueUrl=fifo_url, MessageBody="no group", MessageDeduplicationId="d3"))
    error_of("fifo send", "InvalidParameterValue",
             lambda: sqs.send_message(QueueUrl=fifo_url, MessageBody="no dedup id", MessageGroupId="g1"))
    ok("fifo send", "no MessageGroupId: MissingParameter; no deduplication id nor content-based: InvalidParameterValue")

    fifo_messages = receive(sqs, fifo_url, 2, "fifo receive", AttributeNames=["All"])
    check("fifo receive", [m["Body"] for m in fifo_messages] == ["first", "second"],
          "bodies in order %r" % [m["Body"] for m in fifo_messages])
    for message, answer, dedup in zip(fifo_messages, (one, two), ("d1", "d2")):
        system = message.get("Attributes", {})
        check("fifo receive", message["MessageId"] == answer["MessageId"]
              and system.get("MessageGroupId") == "g1"
              and system.get("MessageDeduplicationId") == dedup
              and system.get("SequenceNumber") == answer["SequenceNumber"],
              "message %r, attributes %r" % (message["MessageId"], system))
    nothing = sqs.receive_message(QueueUrl=fifo_url, WaitTimeSeconds=1).get("Messages")
    check("fifo receive", not nothing, "the deduplicated send was delivered too: %r" % nothing)
    for message in fifo_messages:
        sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=message["ReceiptHandle"])
    ok("fifo receive", "first, second in order, once each, with MessageGroupId, MessageDeduplicationId, SequenceNumber")

    # errors a user handles
    missing = error_of("error", "AWS.SimpleQueueService.NonExistentQueue",
                       lambda: sqs.get_queue_url(QueueName="boto3-missing-" + stamp))
    ok("error", "get_queue_url of a missing queue: ClientError %s, HTTP 400 (%s)"
       % (missing.response["Error"]["Code"], missing.response["Error"].get("Message")))
    wrong = client(endpoint, access_key, secret_key + "-wrong")
    error_of("signature", "SignatureDoesNotMatch", lambda: wrong.list_queues(), status=403)
    ok("signature", "a wrong secret key: HTTP 403 SignatureDoesNotMatch")

    # purge_queue
    sqs.send_message(QueueUrl=url, MessageBody="to be purged")
    sqs.send_message(QueueUrl=url, MessageBody="also purged")
    sqs.purge_queue(QueueUrl=url)
    after = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages",
                                                                  "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
    check("purge_queue", after == {"ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "0"},
          "after purge_queue: %r" % after)
    check("purge_queue", not sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages"),
          "a purged message was received")
    ok("purge_queue", "2 messages purged")

    # delete_queue
    sqs.delete_queue(QueueUrl=url)
    sqs.delete_queue(QueueUrl=fifo_url)
    error_of("delete_queue", "AWS.SimpleQueueService.NonExistentQueue", lambda: sqs.get_queue_url(QueueName=name))
    left = sqs.list_queues(QueueNamePrefix="boto3-" + stamp).get("QueueUrls", [])
    check("delete_queue", left == [], "still listed: %r" % left)
    ok("delete_queue", "both queues gone")


if __name__ == "__main__":
    main(sys.argv)
