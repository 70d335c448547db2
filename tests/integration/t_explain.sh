# tcptune explain: catalogued knobs (text and JSON), key forms, removed and
# uncatalogued keys, invalid keys, and --proc-sys.
# Current values are compared with /proc/sys at run time.

# The heart of the catalog (kernel-knobs.md, "Knob facts"): key, type, and
# the upstream default ("" when the default is computed and only noted).
HEART_KNOBS="
net.ipv4.tcp_tw_reuse u8 2
net.ipv4.tcp_fin_timeout seconds 60
net.core.somaxconn int 4096
net.ipv4.tcp_max_syn_backlog int -
net.ipv4.tcp_syncookies u8 1
"

T() {
	tt --config-dir "$TMP/no-etc" "$@"
}

py() {
	local out
	out=$(/usr/bin/python3 -c "$1" "${@:2}" 2>&1) || fail "$out"
	[ -z "$out" ] || echo "$out"
}

# host_value KEY: /proc/sys's value of KEY with tabs as spaces; empty and
# status 1 when the key is absent or unreadable.
host_value() {
	local path
	path="/proc/sys/$(echo "$1" | tr './' '/.')"
	[ -r "$path" ] && [ -f "$path" ] || return 1
	tr '\t' ' ' <"$path"
}

test_explain_heart_knobs_json() {
	local key type def cur
	while read -r key type def; do
		[ -n "$key" ] || continue
		T explain "$key" --format json
		assert_rc 0 explain "$key" --format json
		assert_eq "$(json "$TMP/out" "d['schema_version']")" 1 "$key schema_version"
		assert_eq "$(json "$TMP/out" "d['key']")" "$key" "$key key"
		assert_eq "$(json "$TMP/out" "d['known']")" true "$key known"
		assert_eq "$(json "$TMP/out" "d['knob']['catalog_key']")" "$key" "$key catalog_key"
		assert_eq "$(json "$TMP/out" "d['knob']['type']")" "$type" "$key type"
		if [ "$def" = - ]; then
			assert_eq "$(json "$TMP/out" "d['knob']['default']")" null "$key default"
			assert_eq "$(json "$TMP/out" "bool(d['knob']['default_note'])")" true "$key default_note"
		else
			assert_eq "$(json "$TMP/out" "d['knob']['default']")" "$def" "$key default"
		fi
		assert_eq "$(json "$TMP/out" "len(d['knob']['sources']) > 0 and all(isinstance(s, str) and s for s in d['knob']['sources'])")" true "$key sources"
		assert_eq "$(json "$TMP/out" "bool(d['knob']['summary']) and bool(d['knob']['explanation'])")" true "$key summary/explanation"
		assert_eq "$(json "$TMP/out" "d['kernel']['release']")" "$(uname -r)" "$key kernel.release"
		if cur=$(host_value "$key"); then
			assert_eq "$(json "$TMP/out" "d['current']['value']")" "$cur" "$key current.value"
			assert_eq "$(json "$TMP/out" "d['current']['error']")" null "$key current.error"
		else
			assert_eq "$(json "$TMP/out" "d['current']['value']")" null "$key current.value (absent)"
		fi
	done <<<"$HEART_KNOBS"
}

test_explain_heart_knobs_text() {
	local key type def cur summary
	while read -r key type def; do
		[ -n "$key" ] || continue
		T explain "$key" --format json
		summary=$(json "$TMP/out" "d['knob']['summary'].split()[0:4]")
		T explain "$key"
		assert_rc 0 explain "$key"
		assert_eq "$(head -n1 "$TMP/out")" "$key" "$key first line"
		if cur=$(host_value "$key"); then
			grep -qxF "  current        $cur (kernel $(uname -r))" "$TMP/out" ||
				fail "$key: no current line with '$cur': $(cat "$TMP/out")"
		else
			grep -q '^  current        not present: ' "$TMP/out" || fail "$key: no 'not present' line"
		fi
		grep -qE "^  type +$type" "$TMP/out" || fail "$key: no type line '$type'"
		if [ "$def" != - ]; then
			grep -qE "^  default +$def(;|$)" "$TMP/out" || fail "$key: no default line '$def'"
		fi
		assert_contains "$TMP/out" "What it does"
		assert_contains "$TMP/out" "Sources"
		# the summary is printed under the key
		py 'import json, sys; words = json.loads(sys.argv[1]); line = open(sys.argv[2]).read().splitlines()[1].split()
assert line[:len(words)] == words, (line, words)' "$summary" "$TMP/out"
	done <<<"$HEART_KNOBS"
}

test_explain_slash_form() {
	T explain net.ipv4.tcp_fin_timeout
	assert_rc 0
	cp "$TMP/out" "$TMP/dots.txt"
	T explain net/ipv4/tcp_fin_timeout
	assert_rc 0 explain net/ipv4/tcp_fin_timeout
	cmp -s "$TMP/dots.txt" "$TMP/out" || fail "slash form prints something else: $(diff "$TMP/dots.txt" "$TMP/out")"
	T explain net/ipv4/tcp_fin_timeout --format json
	assert_rc 0
	assert_eq "$(json "$TMP/out" "d['key']")" net.ipv4.tcp_fin_timeout key
	assert_eq "$(json "$TMP/out" "d['known']")" true known
}

test_explain_fin_timeout_is_about_fin_wait2() {
	T explain net.ipv4.tcp_fin_timeout
	assert_rc 0
	assert_contains "$TMP/out" "FIN_WAIT2"
	assert_contains "$TMP/out" "TIME_WAIT"
	# the summary states that it does not touch TIME_WAIT (fact 1)
	sed -n 2p "$TMP/out" >"$TMP/summary"
	assert_contains "$TMP/summary" "FIN_WAIT2"
	assert_contains "$TMP/summary" "does not touch TIME_WAIT"
}

test_explain_tcp_tw_recycle_removed() {
	local cur
	T explain net.ipv4.tcp_tw_recycle --format json
	assert_rc 0 explain net.ipv4.tcp_tw_recycle --format json
	assert_eq "$(json "$TMP/out" "d['known']")" true known
	assert_eq "$(json "$TMP/out" "d['knob']['removed']")" 4.12 removed
	assert_eq "$(json "$TMP/out" "bool(d['knob']['refuse'])")" true refuse
	if cur=$(host_value net.ipv4.tcp_tw_recycle); then
		assert_eq "$(json "$TMP/out" "d['current']['value']")" "$cur" "current.value (the key exists here)"
	else
		assert_eq "$(json "$TMP/out" "d['current']['value']")" null current.value
		json "$TMP/out" "d['current']['absent_reason']" >"$TMP/reason"
		assert_contains "$TMP/reason" "removed in Linux 4.12"
	fi
	T explain net.ipv4.tcp_tw_recycle
	assert_rc 0 explain net.ipv4.tcp_tw_recycle
	assert_contains "$TMP/out" "Linux 4.12: the key does not exist on newer kernels"
	sed -n 2p "$TMP/out" >"$TMP/summary"
	assert_contains "$TMP/summary" "Removed in 4.12"
	if ! host_value net.ipv4.tcp_tw_recycle >/dev/null; then
		grep -qE '^  current +not present: removed in Linux 4\.12' "$TMP/out" ||
			fail "no 'not present: removed in Linux 4.12' line: $(cat "$TMP/out")"
	fi
}

test_explain_unknown_key_suggests() {
	T explain net.ipv4.tcp_fin_timout
	assert_rc 2 explain net.ipv4.tcp_fin_timout
	assert_contains "$TMP/err" "unknown key 'net.ipv4.tcp_fin_timout'"
	assert_contains "$TMP/err" "did you mean 'net.ipv4.tcp_fin_timeout'?"
	assert_eq "$(wc -c <"$TMP/out")" 0 stdout
	T explain net.ipv4.tcp_fin_timout --format json
	assert_rc 2
	assert_eq "$(wc -c <"$TMP/out")" 0 "stdout (json)"
	T explain net.ipv4.zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz
	assert_rc 2
	assert_not_contains "$TMP/err" "did you mean"
}

test_explain_uncatalogued_key() {
	local key="" k cur f
	# a key this kernel has and the catalog lacks: the JSON `known` decides
	for k in net.ipv4.tcp_ecn net.ipv4.tcp_sack net.ipv4.tcp_dsack net.ipv4.tcp_reordering net.ipv4.tcp_retrans_collapse; do
		host_value "$k" >/dev/null || continue
		T explain "$k" --format json
		[ "$rc" -eq 0 ] && [ "$(json "$TMP/out" "d['known']")" = false ] && { key=$k; break; }
	done
	if [ -z "$key" ]; then
		for f in /proc/sys/net/ipv4/tcp_*; do
			if [ ! -f "$f" ] || [ ! -r "$f" ]; then continue; fi
			k=net.ipv4.$(basename "$f")
			T explain "$k" --format json
			[ "$rc" -eq 0 ] && [ "$(json "$TMP/out" "d['known']")" = false ] && { key=$k; break; }
		done
	fi
	[ -n "$key" ] || skip "every readable net.ipv4.tcp_* key here is catalogued"
	cur=$(host_value "$key")
	assert_eq "$(json "$TMP/out" "d['known']")" false "$key known"
	assert_eq "$(json "$TMP/out" "d['knob']")" null "$key knob"
	assert_eq "$(json "$TMP/out" "d['current']['value']")" "$cur" "$key current.value"
	T explain "$key"
	assert_rc 0 explain "$key"
	grep -qxF "  current        $cur (kernel $(uname -r))" "$TMP/out" || fail "$key: no current line: $(cat "$TMP/out")"
	tr '\n' ' ' <"$TMP/out" | tr -s ' ' >"$TMP/flat"
	assert_contains "$TMP/flat" "tcptune has no advice for this key"
}

test_explain_invalid_keys_rejected() {
	local k
	for k in ../../etc/passwd /etc/passwd net/../../etc/passwd .. . net/ipv4/../ipv4/tcp_fin_timeout \
		net.ipv4..tcp_fin_timeout /net/ipv4/tcp_fin_timeout net.ipv4.tcp_fin_timeout/ 'net.ipv4.tcp fin' ''; do
		T explain "$k"
		assert_rc 2 explain "'$k'"
		assert_contains "$TMP/err" "is not a sysctl key"
		assert_eq "$(wc -c <"$TMP/out")" 0 "stdout of explain '$k'"
	done
}

test_explain_invalid_key_never_leaves_proc_sys() {
	# a fake tree with a secret beside it: no key may reach the secret
	mkdir -p "$TMP/root/sys/net/ipv4"
	echo 60 >"$TMP/root/sys/net/ipv4/tcp_fin_timeout"
	echo 4242 >"$TMP/root/secret"
	mkdir -p "$TMP/root/sys/net/x"
	local k
	for k in ../secret net/../../secret net/ipv4/../../../secret ...secret net/.../secret net.x...secret \
		'net/ipv4/..' 'net/./../../secret'; do
		T --proc-sys "$TMP/root/sys" explain "$k" --format json
		assert_rc 2 explain "'$k'"
		assert_not_contains "$TMP/out" 4242
		assert_not_contains "$TMP/err" 4242
	done
	if command -v strace >/dev/null && strace -o /dev/null true 2>/dev/null; then
		strace -f -e trace=%file -o "$TMP/trace" "$TCPTUNE" --config-dir "$TMP/no-etc" explain ../../etc/passwd >/dev/null 2>&1
		grep -v '^[0-9]* *execve(' "$TMP/trace" | grep -E 'passwd|/proc/sys' >"$TMP/hits" || true
		[ ! -s "$TMP/hits" ] || fail "explain ../../etc/passwd touched: $(cat "$TMP/hits")"
	fi
}

test_explain_proc_sys_fake_tree() {
	mkdir -p "$TMP/sys/net/ipv4" "$TMP/sys/net/core"
	echo 37 >"$TMP/sys/net/ipv4/tcp_fin_timeout"
	printf '1024\t2048\n' >"$TMP/sys/net/ipv4/ip_local_port_range"
	echo 1 >"$TMP/sys/net/ipv4/tcp_ecn_fake_knob"
	T --proc-sys "$TMP/sys" explain net.ipv4.tcp_fin_timeout --format json
	assert_rc 0
	assert_eq "$(json "$TMP/out" "d['current']['value']")" 37 "current from the tree"
	T explain net.ipv4.tcp_fin_timeout --proc-sys "$TMP/sys"
	assert_rc 0
	grep -qxF "  current        37 (kernel $(uname -r))" "$TMP/out" || fail "text current: $(cat "$TMP/out")"
	T --proc-sys="$TMP/sys" explain net.ipv4.ip_local_port_range --format json
	assert_rc 0
	assert_eq "$(json "$TMP/out" "d['current']['value']")" "1024 2048" "vector current from the tree"
	# a catalogued key absent from the tree
	T --proc-sys "$TMP/sys" explain net.core.somaxconn --format json
	assert_rc 0
	assert_eq "$(json "$TMP/out" "d['current']['value']")" null "absent current"
	assert_eq "$(json "$TMP/out" "d['current']['absent_reason']")" "absent on this kernel" "absent reason"
	T --proc-sys "$TMP/sys" explain net.core.somaxconn
	assert_rc 0
	grep -qxF "  current        not present: absent on this kernel" "$TMP/out" || fail "text absent: $(cat "$TMP/out")"
	# an uncatalogued key that only the tree has
	T --proc-sys "$TMP/sys" explain net.ipv4.tcp_ecn_fake_knob --format json
	assert_rc 0
	assert_eq "$(json "$TMP/out" "[d['known'], d['current']['value']]")" '[false, "1"]' "uncatalogued key from the tree"
	# a key neither in the catalog nor in the tree
	T --proc-sys "$TMP/sys" explain net.ipv4.tcp_ecn
	assert_rc 2
}

test_explain_usage_errors() {
	T explain
	assert_rc 2 explain
	assert_contains "$TMP/err" "which key?"
	T explain net.core.somaxconn net.ipv4.tcp_fin_timeout
	assert_rc 2 explain two keys
	assert_contains "$TMP/err" "one key at a time"
	T explain net.core.somaxconn --format yaml
	assert_rc 2 explain --format yaml
	T explain --no-such-option net.core.somaxconn
	assert_rc 2
	T explain --help
	assert_rc 0
	assert_contains "$TMP/out" "Usage: tcptune explain"
}
