#!/bin/sh
# Compose bootstrap: Kinesis streams on kinesalite, then `vigil es setup`. Idempotent.
set -eu
: "${KINESIS_ENDPOINT:=http://kinesis:4567}"
: "${STREAMS:=vigil-lambda-logs vigil-flow-logs vigil-billing vigil-remediation}"
: "${SHARDS:=2}"

# Kinesis JSON API (CBOR off); kinesalite checks that a SigV4-shaped header is present, not its value.
kinesis() {
  curl -s -X POST "$KINESIS_ENDPOINT" \
    -H "Content-Type: application/x-amz-json-1.1" \
    -H "X-Amz-Target: Kinesis_20131202.$1" \
    -H "X-Amz-Date: 20250101T000000Z" \
    -H "Authorization: AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/kinesis/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0" \
    -d "$2"
}

for s in $STREAMS; do
  kinesis CreateStream "{\"StreamName\":\"$s\",\"ShardCount\":$SHARDS}" >/dev/null || true
done
for s in $STREAMS; do
  i=0
  until kinesis DescribeStreamSummary "{\"StreamName\":\"$s\"}" | grep -q '"ACTIVE"'; do
    i=$((i + 1))
    [ "$i" -lt 60 ] || { echo "stream $s not ACTIVE" >&2; exit 1; }
    sleep 1
  done
  echo "stream $s ACTIVE"
done

vigil es setup --url "${ES_URL:-http://elasticsearch:9200}" --kibana-url "${KIBANA_URL:-http://kibana:5601}"
