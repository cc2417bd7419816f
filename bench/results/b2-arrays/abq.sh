#!/bin/bash
# usage: abq.sh LABEL APPDIR QUERY...: starts that aggregator on the DB copy; per query 20 warm-ups then 60 timed
label=$1; app=$2; shift 2
TOK=$(cat /tmp/pgsnap/tok)
DORASTREAM_KAFKA_CREATE_TOPICS=false DORA_INTERNAL_TOKEN=$TOK DORA_AGGREGATOR_PORT=18082 DORA_MANAGEMENT_PORT=19002 \
 DORA_AGGREGATOR_DB_URL=jdbc:postgresql://127.0.0.1:55432/aggregator KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1 \
 java -Xmx384m -XX:+UseSerialGC -jar $app/quarkus-run.jar > /work/ab20/agg-q-$label.log 2>&1 &
pid=$!
for i in $(seq 120); do curl -s -o /dev/null http://127.0.0.1:18082/internal/metrics/summary && break; sleep 0.5; done
sleep 2
for q in "$@"; do
  U="http://127.0.0.1:18082/internal/metrics/$q"
  for i in $(seq 20); do curl -s -o /dev/null -H "Authorization: Bearer $TOK" "$U"; done
  r=$(for i in $(seq 60); do curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOK" "$U"; done | sort -n | awk '{a[NR]=$1*1000} END {printf "p50=%.1f min=%.1f max=%.1f", a[int((NR+1)/2)], a[1], a[NR]}')
  echo "$label $r $q"
done
kill $pid; wait $pid 2>/dev/null
true
