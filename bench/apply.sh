#!/bin/bash
# Measures `tcptune apply web-frontend` and `tcptune rollback` (runtime
# values, the drop-in and the snapshot, with their fsyncs) against
# `sysctl -p` of the same drop-in, in the same run.
#
# Target (the issue): apply's median wall time at most 3x that of sysctl -p.
#
# Everything that writes runs in a private user+network+mount namespace
# entered from nobody (as the integration tests do), so the host's sysctls
# are never touched. The state directory and the drop-in live on a
# disk-backed directory (/var/tmp), so fsync costs what it costs on a disk.
#
# Usage: bench/apply.sh [PATH/TO/tcptune]   (RUNS, WARMUP as in bench/lib.sh)
set -u
# shellcheck source=bench/lib.sh source-path=SCRIPTDIR/..
. "$(dirname "$0")/lib.sh"

bench_binary "${1:-}"
bench_require
bench_header "apply: tcptune apply/rollback web-frontend vs sysctl -p"
command -v unshare >/dev/null || die "unshare (util-linux) is missing"

disk=$(mktemp -d /var/tmp/tcptune-bench-apply.XXXXXX) || die "mktemp failed"
trap 'rm -rf "$disk" "$TMP"' EXIT
chmod 755 "$disk"
pre=()
if [ "$(id -u)" -eq 0 ]; then
	# inside, root of the namespace is nobody outside: it must own the directory
	chown 65534:65534 "$disk"
	pre=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi

cat >"$disk/run.sh" <<'SCRIPT'
set -eu
mount -t tmpfs -o mode=0755 tmpfs /run
S="--state-dir $D/state"
mkdir -p "$D/sysctl.d"
DROP="--dropin $D/sysctl.d/90-tcptune.conf"
# the drop-in sysctl -p will load: exactly what apply writes
"$BIN" apply web-frontend $S $DROP >/dev/null 2>&1
cp "$D/sysctl.d/90-tcptune.conf" "$D/reference.conf"
"$BIN" rollback $S >/dev/null
H="hyperfine -N --style basic --output=null --warmup $WARMUP --runs $RUNS"
# every apply has work to do: the previous one is rolled back first, and the other way round
$H --export-json "$D/apply.json" --prepare "$BIN rollback $S --force" \
	-n "tcptune apply web-frontend" "$BIN apply web-frontend $S $DROP --keep 10" >"$D/apply.log" 2>&1
$H --export-json "$D/rollback.json" --prepare "$BIN apply web-frontend $S $DROP --keep 10" \
	-n "tcptune rollback" "$BIN rollback $S --keep 10" >"$D/rollback.log" 2>&1
$H --export-json "$D/sysctl.json" -n "sysctl -p DROPIN" "sysctl -p $D/reference.conf" >"$D/sysctl.log" 2>&1
SCRIPT
chmod 644 "$disk/run.sh"

"${pre[@]}" env BIN="$BIN" D="$disk" WARMUP="$WARMUP" RUNS="$RUNS" \
	unshare --user --map-root-user --net --mount bash "$disk/run.sh" ||
	{ cat "$disk"/*.log 2>/dev/null >&2; die "the sandboxed run failed (user namespaces unavailable?)"; }

echo
for f in apply rollback sysctl; do summary "$disk/$f.json"; done
m_apply=$(median "$disk/apply.json" 0)
m_rollback=$(median "$disk/rollback.json" 0)
m_sysctl=$(median "$disk/sysctl.json" 0)
echo
check "median ratio apply/sysctl -p" "$(ratio "$m_apply" "$m_sysctl")" 3 x
printf '%-40s %10s %-4s (information)\n' "median ratio rollback/sysctl -p" "$(ratio "$m_rollback" "$m_sysctl")" x
if [ "$failed" -ne 0 ]; then
	echo "RESULT: FAIL"
	exit 1
fi
echo "RESULT: PASS"
