#!/bin/sh
# Writes the auth file from POSTGRES_USER / POSTGRES_PASSWORD and the [databases] line, then runs pgbouncer.
set -eu
: "${POSTGRES_USER:?}" "${POSTGRES_PASSWORD:?}" "${POSTGRES_DB:?}"
dir=/tmp/pgbouncer
mkdir -p "$dir"
printf '"%s" "%s"\n' "$POSTGRES_USER" "$POSTGRES_PASSWORD" > "$dir/userlist.txt"
printf '[databases]\n%s = host=db port=5432 dbname=%s user=%s password=%s\n' \
  "$POSTGRES_DB" "$POSTGRES_DB" "$POSTGRES_USER" "$POSTGRES_PASSWORD" > "$dir/databases.ini"
exec pgbouncer /etc/pgbouncer/pgbouncer.ini
