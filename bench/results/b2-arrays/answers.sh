#!/bin/bash
# usage: answers.sh LABEL APPDIR: starts that aggregator on the DB copy, saves a set of answers to ${ANSDIR:-/work/ab20}/ans-LABEL/
label=$1; app=$2; shift 2
TOK=$(cat /tmp/pgsnap/tok); out=${ANSDIR:-/work/ab20}/ans-$label; rm -rf $out; mkdir -p $out
DORASTREAM_KAFKA_CREATE_TOPICS=false DORA_INTERNAL_TOKEN=$TOK DORA_AGGREGATOR_PORT=18082 DORA_MANAGEMENT_PORT=19002 \
 DORA_AGGREGATOR_DB_URL=jdbc:postgresql://127.0.0.1:${PGPORT2:-55432}/aggregator KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1 \
 java -Xmx384m -XX:+UseSerialGC "$@" -jar $app/quarkus-run.jar > /work/ab20/agg-ans-$label.log 2>&1 &
pid=$!
for i in $(seq 120); do curl -s -o /dev/null http://127.0.0.1:18082/internal/metrics/summary && break; sleep 0.5; done
B=http://127.0.0.1:18082/internal/metrics; W="from=2024-12-07T00:00:00Z&to=2026-12-07T00:00:00Z"
i=0
for q in "summary?$W" "summary?$W&service=svc-029" "summary?$W&env=production" "summary?$W&team=team-2" \
  "summary?from=2025-03-10T06:00:00Z&to=2025-05-20T13:00:00Z" "summary?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&service=svc-022" \
  "breakdown?$W&by=service&limit=1000" "breakdown?$W&by=env" "breakdown?$W&by=team" "breakdown?from=2025-06-03T00:00:00Z&to=2025-07-09T00:00:00Z&by=service&limit=1000" \
  "timeseries?$W&interval=month" "timeseries?from=2025-01-01T00:00:00Z&to=2025-04-01T00:00:00Z&interval=week" \
  "timeseries?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z&interval=day&service=svc-042" ; do
  i=$((i+1)); curl -s -H "Authorization: Bearer $TOK" "$B/$q" > $out/$i.json; echo "$i $q $(wc -c < $out/$i.json)"
done > $out/index.txt
kill $pid; wait $pid 2>/dev/null
