# Helpers for integration tests (sourced by run.sh inside each test's subshell).
# $TCPTUNE: the binary under test. $REPO: the source tree. $SHARED: ../shared.
# $TMP: a fresh directory (mode 755) that is the current directory.

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

skip() {
	echo "$*"
	exit 77
}

# tt ARGS...: run tcptune; stdout in $TMP/out, stderr in $TMP/err, status in $rc.
tt() {
	"$TCPTUNE" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	return 0
}

assert_rc() {
	[ "$rc" -eq "$1" ] || fail "exit status $rc, expected $1 (tcptune ${*:2}); stderr: $(head -c 2000 "$TMP/err")"
}

assert_eq() {
	[ "$1" = "$2" ] || fail "${3:-value}: got '$1', expected '$2'"
}

# assert_contains FILE TEXT: FILE contains TEXT (fixed string)
assert_contains() {
	grep -qF -- "$2" "$1" || fail "$1 does not contain '$2'; it has: $(head -c 3000 "$1")"
}

assert_not_contains() {
	! grep -qF -- "$2" "$1" || fail "$1 contains '$2'"
}

# json FILE EXPR: evaluate a Python expression over the parsed JSON `d`.
json() {
	/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=eval(sys.argv[2]); print(json.dumps(r) if isinstance(r,(dict,list,bool)) or r is None else r)' "$1" "$2" ||
		fail "cannot evaluate $2 over $1: $(head -c 2000 "$1")"
}

# sandbox SCRIPT: run a shell script as root of private user, network and
# mount namespaces, with tmpfs over /etc/sysctl.d, /run and /var/lib/tcptune's
# parent. There the kernel lets it write that network namespace's net.* keys
# and refuses every host-global key (fs.*, kernel.*, vm.*). As real root we
# first become nobody (setpriv): real root in a bare `unshare --net` could
# still write the host's global keys.
sandbox() {
	local pre=()
	[ "$(id -u)" -eq 0 ] && pre=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	# inside, the state directory is the default /var/lib/tcptune on a tmpfs
	"${pre[@]}" env -u TCPTUNE_STATE_DIR unshare --user --map-root-user --net --mount /bin/sh -c '
		set -e
		mount -t tmpfs -o mode=0755 tmpfs /etc/sysctl.d
		mount -t tmpfs -o mode=0755 tmpfs /run
		mount -t tmpfs -o mode=0755 tmpfs /var/lib
		mkdir -p /var/lib/tcptune && chmod 700 /var/lib/tcptune
		set +e
		'"$1"
}

# require_sandbox: skip (or, in CI, fail loudly) when namespaces are unavailable,
# and prove the sandbox is what we think: net.* writable, vm.* refused.
require_sandbox() {
	local probe
	probe=$(sandbox 'echo 1 > /proc/sys/net/ipv4/tcp_tw_reuse && cat /proc/sys/net/ipv4/tcp_tw_reuse
		if (echo 60 > /proc/sys/vm/swappiness) 2>/dev/null; then echo GLOBAL-WRITABLE; fi' 2>&1)
	case "$probe" in
	*GLOBAL-WRITABLE*)
		fail "the sandbox can write host-global sysctls: refusing to run" ;;
	1)
		return 0 ;;
	esac
	if [ "${CI:-}" = "true" ]; then
		fail "cannot enter the test sandbox (setpriv + unshare --user --net --mount): $probe"
	fi
	skip "no sandbox here (user namespaces unavailable): $probe"
}
