#!/usr/bin/env bash
# An AWS CLI SQS flow against a Ferry node, for any `aws`: the distribution's (Debian awscli,
# the Query protocol) and current ones (the JSON protocol).
#
#   awscli_flow.sh AWS_EXECUTABLE [ENDPOINT_URL]
#
# ENDPOINT_URL defaults to FERRY_ENDPOINT, else http://127.0.0.1:9324. Credentials come from
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the region from AWS_DEFAULT_REGION (default
# us-east-1); the user's AWS config and credentials files are not read. Every step checks the
# CLI's output and prints one line; the first unmet expectation ends the run with exit status 1.
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 AWS_EXECUTABLE [ENDPOINT_URL]" >&2
  exit 2
fi
aws=$1
endpoint=${2:-${FERRY_ENDPOINT:-http://127.0.0.1:9324}}
step=start

# fail also works inside $(...): the message goes to the flow's own output (descriptor 3) and the
# main shell is told to stop (USR1) once the substitution returns
exec 3>&1
trap 'exit 1' USR1
fail() {
  echo "FAIL $step: $*" >&3
  if [ "$BASH_SUBSHELL" -gt 0 ]; then
    kill -USR1 $$
  fi
  exit 1
}

ok() {
  echo "ok   $step: $*"
}

# what was expected, what came
expect() {
  if [ "$2" != "$1" ]; then
    fail "expected '$1', got '$2'"
  fi
}

# only the environment below counts: no profile, region, endpoint or pager from the user
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER=
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1}
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ENDPOINT_URL AWS_ENDPOINT_URL_SQS AWS_SESSION_TOKEN AWS_SECURITY_TOKEN \
  AWS_CA_BUNDLE AWS_DEFAULT_OUTPUT AWS_CLI_AUTO_PROMPT
[ -n "${AWS_ACCESS_KEY_ID:-}" ] && [ -n "${AWS_SECRET_ACCESS_KEY:-}" ] \
  || fail "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
command -v "$aws" >/dev/null 2>&1 || fail "no aws executable at $aws (Debian package: awscli)"

errors=$(mktemp)
trap 'rm -f "$errors"' EXIT

# `sqs ARGS...`: the CLI's text output; a failing command ends the flow with its error output
sqs() {
  local output
  if ! output=$("$aws" --endpoint-url "$endpoint" --output text sqs "$@" 2>"$errors"); then
    fail "aws sqs $1 failed: $(tr -s '\n' ' ' <"$errors")"
  fi
  printf '%s' "$output"
}

# `sqs_error ARGS...`: runs a command that must fail; its error output on one line
sqs_error() {
  local output
  if output=$("$aws" --endpoint-url "$endpoint" --output text sqs "$@" 2>"$errors"); then
    fail "aws sqs $1 succeeded, it should have failed: $output"
  fi
  output=$(tr -s '\n' ' ' <"$errors")
  printf '%s' "${output# }"
}

md5() {
  printf '%s' "$1" | md5sum | cut -d' ' -f1
}

step=version
version=$("$aws" --version 2>&1) || fail "$aws --version failed: $version"
ok "$version"

step=protocol
# the Content-Type of a request in the CLI's debug log tells the protocol: JSON or Query
debug=$("$aws" --debug --endpoint-url "$endpoint" sqs list-queues --queue-name-prefix none 2>&1 >/dev/null || true)
case "$debug" in
  *application/x-amz-json-1.0*) ok "json (application/x-amz-json-1.0)" ;;
  *application/x-www-form-urlencoded*) ok "query (application/x-www-form-urlencoded)" ;;
  *) ok "unknown: no SQS request in the debug log" ;;
esac

stamp="$$-$(date +%s%N)"
name="cli-$stamp"

step=create-queue
url=$(sqs create-queue --queue-name "$name" --attributes VisibilityTimeout=40,MessageRetentionPeriod=3600 \
  --tags team=ferry --query QueueUrl)
case "$url" in
  "$endpoint"/*/"$name") ok "$url" ;;
  *) fail "QueueUrl '$url' is not $endpoint/<account>/$name" ;;
esac
expect "ferry" "$(sqs list-queue-tags --queue-url "$url" --query Tags.team)"
ok "tag team=ferry"

step=get-queue-url
expect "$url" "$(sqs get-queue-url --queue-name "$name" --query QueueUrl)"
ok "$url"

step=list-queues
expect "$url" "$(sqs list-queues --queue-name-prefix "$name" --query 'QueueUrls[0]')"
expect "1" "$(sqs list-queues --queue-name-prefix "$name" --query 'length(QueueUrls)')"
sqs list-queues --query 'QueueUrls[]' | tr '\t' '\n' | grep -qxF "$url" || fail "$url is not in list-queues"
ok "the prefix lists exactly $name; the full list has it too"

step=send-message
body="hello from the CLI ✓ <xml> & \"quotes\""
read -r message_id md5_of_body md5_of_attributes <<<"$(sqs send-message --queue-url "$url" --message-body "$body" \
  --message-attributes '{"color":{"DataType":"String","StringValue":"blue"},"size":{"DataType":"Number","StringValue":"42"}}' \
  --query '[MessageId,MD5OfMessageBody,MD5OfMessageAttributes]')"
[ -n "$message_id" ] || fail "no MessageId"
expect "$(md5 "$body")" "$md5_of_body"
# the attribute digest SQS documents: length-prefixed name, type, transport 1 (string), value
attributes_digest=$(printf '\0\0\0\005color\0\0\0\006String\001\0\0\0\004blue\0\0\0\004size\0\0\0\006Number\001\0\0\0\00242' \
  | md5sum | cut -d' ' -f1)
expect "$attributes_digest" "$md5_of_attributes"
ok "$message_id, MD5OfMessageBody and MD5OfMessageAttributes match"

step=send-message-batch
failed=$(sqs send-message-batch --queue-url "$url" \
  --entries '[{"Id":"a","MessageBody":"batch a"},{"Id":"b","MessageBody":"batch b"}]' --query 'length(Failed || `[]`)')
expect "0" "$failed"
expect "a b" "$(sqs send-message-batch --queue-url "$url" \
  --entries '[{"Id":"a","MessageBody":"batch c"},{"Id":"b","MessageBody":"batch d"}]' \
  --query 'sort(Successful[].Id)' | tr '\t' ' ')"
ok "2 batches of 2, no failures"

step=get-queue-attributes
expect "5" "$(sqs get-queue-attributes --queue-url "$url" --attribute-names ApproximateNumberOfMessages \
  --query Attributes.ApproximateNumberOfMessages)"
ok "ApproximateNumberOfMessages 5"

step=receive-message
received=()
deadline=$((SECONDS + 15))
while [ ${#received[@]} -lt 5 ] && [ $SECONDS -lt $deadline ]; do
  # one message per call: body, receipt handle and attributes on one tab-separated line
  line=$(sqs receive-message --queue-url "$url" --max-number-of-messages 1 --wait-time-seconds 1 \
    --visibility-timeout 30 --attribute-names All --message-attribute-names All \
    --query 'Messages[0].[MessageId,ReceiptHandle,MD5OfBody,Attributes.ApproximateReceiveCount,MessageAttributes.color.StringValue,Body]')
  if [ -n "$line" ] && [ "$line" != "None" ]; then
    received+=("$line")
  fi
done
expect "5" "${#received[@]}"
bodies=()
handles=()
for line in "${received[@]}"; do
  IFS=$'\t' read -r id handle digest count color text <<<"$line"
  expect "1" "$count"
  expect "$(md5 "$text")" "$digest"
  if [ "$id" = "$message_id" ]; then
    expect "$body" "$text"
    expect "blue" "$color"
  fi
  bodies+=("$text")
  handles+=("$handle")
done
expect "$(printf '%s\n' "$body" "batch a" "batch b" "batch c" "batch d" | sort)" "$(printf '%s\n' "${bodies[@]}" | sort)"
ok "5 messages with --wait-time-seconds 1, --attribute-names All, --message-attribute-names All; bodies and MD5s match"

empty=$(sqs receive-message --queue-url "$url" --wait-time-seconds 1 --query 'length(Messages || `[]`)')
expect "0" "$empty"
ok "nothing more while they are in flight"

step=get-queue-attributes
expect "$(printf '40\t0\t5')" "$(sqs get-queue-attributes --queue-url "$url" --attribute-names All \
  --query 'Attributes.[VisibilityTimeout,ApproximateNumberOfMessages,ApproximateNumberOfMessagesNotVisible]')"
ok "All: VisibilityTimeout 40, 0 visible, 5 in flight"

step=delete-message
for handle in "${handles[@]}"; do
  sqs delete-message --queue-url "$url" --receipt-handle "$handle" >/dev/null
done
expect "$(printf '0\t0')" "$(sqs get-queue-attributes --queue-url "$url" \
  --attribute-names ApproximateNumberOfMessages ApproximateNumberOfMessagesNotVisible \
  --query 'Attributes.[ApproximateNumberOfMessages,ApproximateNumberOfMessagesNotVisible]')"
ok "5 deleted, the queue is empty"

step=error
error=$(sqs_error get-queue-url --queue-name "cli-missing-$stamp")
case "$error" in
  *AWS.SimpleQueueService.NonExistentQueue*) ok "get-queue-url of a missing queue: $error" ;;
  *) fail "expected AWS.SimpleQueueService.NonExistentQueue, got: $error" ;;
esac
error=$(AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY}-wrong" sqs_error list-queues)
case "$error" in
  *SignatureDoesNotMatch*) ok "a wrong secret key: SignatureDoesNotMatch" ;;
  *) fail "expected SignatureDoesNotMatch, got: $error" ;;
esac

step=delete-queue
sqs delete-queue --queue-url "$url" >/dev/null
error=$(sqs_error get-queue-url --queue-name "$name")
case "$error" in
  *AWS.SimpleQueueService.NonExistentQueue*) ;;
  *) fail "get-queue-url of the deleted queue: $error" ;;
esac
expect "0" "$(sqs list-queues --queue-name-prefix "$name" --query 'length(QueueUrls || `[]`)')"
ok "$name is gone"

echo "AWS CLI flow passed"
