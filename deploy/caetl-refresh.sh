#!/bin/sh
# One scheduled `caetl refresh`, for cron (or anything that only looks at output and exit
# status). Its full output is appended to $CAETL_LOG; the terminal (cron's mail) gets one
# line, and only when a person has to act.
#   0  published, or nothing changed          -> exit 0, silent
#   75 another refresh holds the lock         -> exit 0, silent (that run does the work)
#   3  an input file failed a gate            -> exit 3, one line naming it
#   4  dbt build or tests failed              -> exit 4
#   5  reports failed                         -> exit 5
#   6  (--fetch) an API fetch failed          -> exit 6; the refresh ran on the
#      previous vintage, which stays in force
#   1  unexpected error                       -> exit 1
# Extra arguments go to `caetl refresh` (e.g. --fetch to pull new API vintages first).
# Whatever the code, the published warehouse and reports are whole: a failed refresh
# publishes nothing.
set -u
CAETL_BIN=${CAETL_BIN:-/opt/caetl/.venv/bin/caetl}
CAETL_HOME=${CAETL_HOME:-/srv/caetl}
CAETL_LOG=${CAETL_LOG:-$CAETL_HOME/warehouse/refresh.log}
BUSY=75

mkdir -p "$(dirname "$CAETL_LOG")"
"$CAETL_BIN" refresh --home "$CAETL_HOME" "$@" >>"$CAETL_LOG" 2>&1
rc=$?
case $rc in
0 | "$BUSY") exit 0 ;;
*)
    echo "caetl refresh failed (exit $rc); nothing was published. Last lines of $CAETL_LOG:" >&2
    tail -n 5 "$CAETL_LOG" >&2
    exit "$rc"
    ;;
esac
