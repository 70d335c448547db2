# Security properties of the read-only commands: capabilities are dropped
# before the kernel is read, /proc/sys is never opened for writing, and
# profile keys cannot name a path outside /proc/sys.

T() {
	tt --config-dir "$TMP/no-etc" "$@"
}

require_strace() {
	command -v strace >/dev/null || skip "strace is not installed"
	strace -o /dev/null true 2>/dev/null || skip "strace cannot trace here (ptrace refused)"
}

# Each read-only command, as one line of arguments.
READ_ONLY_COMMANDS="plan web-frontend
plan nat-gateway --format json
explain net.ipv4.tcp_fin_timeout
explain net.ipv4.tcp_tw_recycle --format json
profiles
profile show load-balancer
profile validate $REPO/profiles/web-frontend.yaml
selfcheck"

test_read_only_commands_drop_capabilities() {
	require_strace
	local args first_capset first_procsys
	while IFS= read -r args; do
		# shellcheck disable=SC2086
		strace -f -y -o "$TMP/trace" -e trace=capset,prctl,openat \
			"$TCPTUNE" --config-dir "$TMP/no-etc" $args >"$TMP/out" 2>"$TMP/err"
		rc=$?
		assert_rc 0 "$args (under strace)"
		grep -qE 'capset\(\{version=_LINUX_CAPABILITY_VERSION_3, pid=0\}, \{effective=0, permitted=0, inheritable=0\}\) = 0' "$TMP/trace" ||
			fail "$args: no successful capset with all-zero sets: $(grep capset "$TMP/trace")"
		grep -qE 'prctl\(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0\) *= 0' "$TMP/trace" ||
			fail "$args: no PR_SET_NO_NEW_PRIVS"
		# the capabilities go before anything under /proc/sys is opened
		first_capset=$(grep -n 'capset(' "$TMP/trace" | head -n1 | cut -d: -f1)
		first_procsys=$(grep -n 'openat(.*/proc/sys' "$TMP/trace" | head -n1 | cut -d: -f1)
		if [ -n "$first_procsys" ]; then
			[ "$first_capset" -lt "$first_procsys" ] ||
				fail "$args: /proc/sys opened (line $first_procsys) before capset (line $first_capset)"
		fi
	done <<<"$READ_ONLY_COMMANDS"
}

# Without strace: a file of mode 0000 owned by the caller is readable with
# CAP_DAC_OVERRIDE and unreadable without it. tcptune reading it proves it
# kept its capabilities.
test_dropped_capabilities_block_mode_000_file_as_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	grep -qE '^CapEff:.*[1-9a-f]' /proc/self/status || skip "no capabilities to drop"
	mkdir -p "$TMP/sys/net/ipv4"
	echo 37 >"$TMP/sys/net/ipv4/tcp_fin_timeout"
	chmod 000 "$TMP/sys/net/ipv4/tcp_fin_timeout"
	assert_eq "$(cat "$TMP/sys/net/ipv4/tcp_fin_timeout")" 37 "root with capabilities reads the file"
	T --proc-sys "$TMP/sys" explain net.ipv4.tcp_fin_timeout --format json
	assert_rc 0
	assert_eq "$(json "$TMP/out" "[d['current']['value'], d['current']['error']]")" '[null, "Permission denied"]' "tcptune's read"
	echo 1 >"$TMP/sys/net/ipv4/tcp_syncookies"
	chmod 000 "$TMP/sys/net/ipv4/tcp_syncookies"
	T --proc-sys "$TMP/sys" plan web-frontend --format json
	assert_rc 0
	assert_eq "$(json "$TMP/out" "[[c['action'], c['reason']] for c in d['changes'] if c['key'] == 'net.ipv4.tcp_syncookies']")" \
		'[["skip", "cannot read it: Permission denied"]]' "plan's view of a mode-000 key"
}

test_dropped_capabilities_block_mode_000_file_in_sandbox() {
	require_sandbox
	sandbox "mkdir -p /run/sys/net/ipv4
		echo 37 > /run/sys/net/ipv4/tcp_fin_timeout
		chmod 000 /run/sys/net/ipv4/tcp_fin_timeout
		echo shell=\$(cat /run/sys/net/ipv4/tcp_fin_timeout)
		$TCPTUNE --config-dir /nonexistent --proc-sys /run/sys explain net.ipv4.tcp_fin_timeout --format json > /run/out.json
		echo rc=\$?
		cat /run/out.json" >"$TMP/all" 2>"$TMP/err"
	assert_eq "$(sed -n 1p "$TMP/all")" shell=37 "the namespace's root reads a mode-000 file"
	assert_eq "$(sed -n 2p "$TMP/all")" rc=0 "explain exit status"
	sed '1,2d' "$TMP/all" >"$TMP/out.json"
	assert_eq "$(json "$TMP/out.json" "[d['current']['value'], d['current']['error']]")" '[null, "Permission denied"]' "tcptune's read"
}

# no open(2) of anything under /proc/sys with O_WRONLY, O_RDWR, O_CREAT or O_TRUNC
check_no_write_opens() {
	local trace=$1 what=$2
	grep -E 'open(at|at2)?\(|creat\(' "$trace" | grep -E '/proc/sys' >"$TMP/procsys-opens" || true
	[ -s "$TMP/procsys-opens" ] || fail "$what: strace saw no open under /proc/sys at all"
	grep -q 'O_RDONLY' "$TMP/procsys-opens" || fail "$what: no read-only open under /proc/sys"
	if grep -E 'O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|creat\(' "$TMP/procsys-opens" >"$TMP/writes"; then
		fail "$what opened /proc/sys for writing: $(cat "$TMP/writes")"
	fi
}

test_plan_and_explain_never_open_proc_sys_for_writing_as_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	require_strace
	local args
	for args in "plan web-frontend" "plan load-balancer" "plan squid-proxy" "plan nat-gateway --format json" \
		"explain net.core.somaxconn" "explain net.ipv4.tcp_tw_reuse --format json" \
		"explain net.ipv4.ip_local_port_range" "explain net.ipv4.tcp_ecn"; do
		# shellcheck disable=SC2086
		strace -f -y -o "$TMP/trace" -e trace=open,openat,openat2,creat \
			"$TCPTUNE" --config-dir "$TMP/no-etc" $args >/dev/null 2>"$TMP/err"
		rc=$?
		assert_rc 0 "$args (under strace)"
		check_no_write_opens "$TMP/trace" "$args"
	done
}

test_plan_never_opens_proc_sys_for_writing_in_sandbox() {
	require_sandbox
	command -v strace >/dev/null || skip "strace is not installed"
	sandbox "strace -f -y -o /run/trace -e trace=open,openat,openat2,creat \
			$TCPTUNE --config-dir /nonexistent plan web-frontend >/dev/null 2>&1
		echo rc=\$?
		cat /run/trace" >"$TMP/all" 2>"$TMP/err"
	[ "$(sed -n 1p "$TMP/all")" = rc=0 ] || skip "strace does not run in the sandbox: $(head -c 300 "$TMP/all")"
	sed 1d "$TMP/all" >"$TMP/trace"
	check_no_write_opens "$TMP/trace" "plan web-frontend in the sandbox"
}

# Profile keys with '..' or a leading '/' are refused at parse time, before
# any /proc/sys path is built from them.
test_profile_keys_with_dotdot_or_slash_rejected() {
	cat >"$TMP/evil.yaml" <<'EOF'
name: evil
description: keys that try to leave /proc/sys
settings:
  ../../etc/passwd:
    value: 1
    why: x
  /net/core/somaxconn:
    value: 4096
    why: x
  net/../../../etc/shadow:
    value: 1
    why: x
  net.core..somaxconn:
    value: 1
    why: x
  net/core/../core/somaxconn:
    value: 1
    why: x
  net/ipv4/conf/../rp_filter:
    value: 1
    why: x
EOF
	T profile validate "$TMP/evil.yaml"
	assert_rc 1 profile validate evil.yaml
	assert_contains "$TMP/out" "$TMP/evil.yaml:4:3: error: '../../etc/passwd' is not a valid sysctl key"
	assert_contains "$TMP/out" "$TMP/evil.yaml:7:3: error: '/net/core/somaxconn' is not a valid sysctl key"
	assert_contains "$TMP/out" "$TMP/evil.yaml:10:3: error: 'net/../../../etc/shadow' is not a valid sysctl key"
	assert_contains "$TMP/out" "$TMP/evil.yaml:13:3: error: 'net.core..somaxconn' is not a valid sysctl key"
	assert_contains "$TMP/out" "$TMP/evil.yaml:16:3: error: 'net/core/../core/somaxconn' is not a valid sysctl key"
	assert_contains "$TMP/out" "$TMP/evil.yaml:19:3: error: 'net/ipv4/conf/../rp_filter' is not a valid sysctl key"
	assert_contains "$TMP/out" "1 file checked: 6 errors, 0 warnings."
	T plan "$TMP/evil.yaml"
	assert_rc 1 plan evil.yaml
	assert_eq "$(wc -c <"$TMP/out")" 0 "plan stdout"
	# one such key is enough to refuse the whole profile
	printf 'name: one\ndescription: d\nsettings:\n  net.ipv4.tcp_syncookies:\n    value: 1\n    why: x\n  /etc/passwd:\n    value: 1\n    why: x\n' >"$TMP/one.yaml"
	T plan "$TMP/one.yaml" --detailed-exitcode
	assert_rc 1 plan one.yaml
	assert_contains "$TMP/err" "$TMP/one.yaml:7:3: error: '/etc/passwd' is not a valid sysctl key"
	if command -v strace >/dev/null && strace -o /dev/null true 2>/dev/null; then
		strace -f -y -o "$TMP/trace" -e trace=%file "$TCPTUNE" --config-dir "$TMP/no-etc" plan "$TMP/evil.yaml" >/dev/null 2>&1
		grep -v '^[0-9]* *execve(' "$TMP/trace" | grep -E 'passwd|shadow|/proc/sys|rp_filter' >"$TMP/hits" || true
		[ ! -s "$TMP/hits" ] || fail "plan evil.yaml built paths from its keys: $(cat "$TMP/hits")"
	fi
}

test_profile_keys_cannot_reach_outside_fake_tree() {
	# a --proc-sys tree with a file beside it that a traversal would reach
	mkdir -p "$TMP/root/sys/net/ipv4"
	echo 1 >"$TMP/root/sys/net/ipv4/tcp_syncookies"
	echo 1 >"$TMP/root/secret"
	mkdir "$TMP/pd"
	printf 'name: escape\ndescription: d\nsettings:\n  net/../../secret:\n    value: 1\n    why: x\n' >"$TMP/pd/escape.yaml"
	T --proc-sys "$TMP/root/sys" plan --profile-dir "$TMP/pd" escape --format json
	assert_rc 1 plan escape
	assert_eq "$(wc -c <"$TMP/out")" 0 "plan stdout"
	assert_contains "$TMP/err" "'net/../../secret' is not a valid sysctl key"
}

# With file capabilities (AT_SECURE) the caller may not redirect state,
# configuration, /proc/sys, profiles or the drop-in, nor use $TCPTUNE_STATE_DIR.
test_file_capabilities_refuse_path_overrides() {
	[ "$(id -u)" -eq 0 ] || skip "setcap needs root"
	command -v setcap >/dev/null || skip "setcap (libcap2-bin) is not installed"
	cp "$TCPTUNE" "$TMP/tt-caps"
	chmod 755 "$TMP/tt-caps"
	setcap cap_net_admin+ep "$TMP/tt-caps" || skip "this filesystem does not take file capabilities"
	local opt
	for opt in "--state-dir=/tmp" "--config-dir /tmp" "--proc-sys /tmp" "--profile-dir /tmp" "--dropin /tmp/x.conf"; do
		# shellcheck disable=SC2086 # the option and its value are two words on purpose
		setpriv --reuid=65534 --regid=65534 --clear-groups "$TMP/tt-caps" apply $opt web-frontend \
			>"$TMP/out" 2>"$TMP/err"
		rc=$?
		assert_rc 2
		assert_contains "$TMP/err" "file capabilities"
	done
	# without an override it runs (and reads only the defaults)
	setpriv --reuid=65534 --regid=65534 --clear-groups "$TMP/tt-caps" explain net.core.somaxconn >"$TMP/out" 2>"$TMP/err"
	rc=$?
	assert_rc 0
}
