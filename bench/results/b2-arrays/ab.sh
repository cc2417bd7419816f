#!/bin/bash
# usage: ab.sh LABEL APPDIR [extra -D flags]: starts that aggregator on the DB copy, warms, measures 200 summaries
label=$1; app=$2; shift 2
TOK=$(cat /tmp/pgsnap/tok)
DORASTREAM_KAFKA_CREATE_TOPICS=false DORA_INTERNAL_TOKEN=$TOK DORA_AGGREGATOR_PORT=18082 DORA_MANAGEMENT_PORT=19002 \
 DORA_AGGREGATOR_DB_URL=jdbc:postgresql://127.0.0.1:${PGPORT2:-55432}/aggregator KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1 \
 java -Xmx384m -XX:+UseSerialGC "$@" -jar $app/quarkus-run.jar > /work/ab20/agg-$label.log 2>&1 &
pid=$!
for i in $(seq 120); do curl -s -o /dev/null http://127.0.0.1:18082/internal/metrics/summary && break; sleep 0.5; done
sleep 3
/tmp/pgsnap/load.sh 60 > /dev/null
echo "$label $(/tmp/pgsnap/load.sh 200)"
kill $pid; wait $pid 2>/dev/null
