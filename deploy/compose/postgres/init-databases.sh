#!/usr/bin/env bash
# Run once by the postgres image when its data volume is first initialised (/docker-entrypoint-initdb.d):
# one login role and one database per service, each owning its database (Flyway migrates it at the
# service's start). Later password changes: ALTER ROLE … PASSWORD (deploy/compose/README.md).
set -euo pipefail

: "${DORA_CONNECTOR_DB_PASSWORD:?set DORA_CONNECTOR_DB_PASSWORD}"
: "${DORA_AGGREGATOR_DB_PASSWORD:?set DORA_AGGREGATOR_DB_PASSWORD}"

create_database() {
    # psql variables quote the role name (:"…") and the password (:'…'): no value reaches SQL unquoted.
    psql --no-psqlrc --set=ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
         --set=name="$1" --set=password="$2" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"name" TO :"name";
SQL
}

create_database connector "$DORA_CONNECTOR_DB_PASSWORD"
create_database aggregator "$DORA_AGGREGATOR_DB_PASSWORD"
