// SPDX-License-Identifier: GPL-2.0-or-later
/* tcptune explain KEY: what a knob really does, with its kernel facts. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "commands.h"
#include "key.h"
#include "term.h"

static const char explain_usage[] =
	"Usage: tcptune explain [OPTIONS] KEY\n"
	"\n"
	"Show everything tcptune knows about a sysctl: what it really does, the values\n"
	"the kernel accepts and which mean something, its default and how it changed\n"
	"between kernel versions, its behaviour in network namespaces and Kubernetes,\n"
	"the myths it is known for, counters that show its effect, and sources; plus\n"
	"its current value on this machine. KEY may use dots or slashes\n"
	"(net.ipv4.tcp_fin_timeout or net/ipv4/tcp_fin_timeout).\n"
	"\n"
	"Options:\n"
	"  --format text|json      output format (default: text)\n"
	"  --proc-sys DIR          read current values from DIR instead of /proc/sys\n"
	"  --config-dir DIR        configuration directory (default: /etc/tcptune)\n"
	"  --color auto|always|never\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 shown, 2 unknown key or usage error, 1 other error.\n";

struct current {
	char *value;	/* conf form, or NULL */
	int err;	/* -errno when unreadable */
	char *why;	/* why absent, when -ENOENT */
};

static int read_current(const struct knob *k, const char *key, struct current *cur)
{
	struct sysview sv;
	char *raw = NULL;

	memset(cur, 0, sizeof(*cur));
	if (app_sysview(&sv))
		return -ENOENT;
	cur->err = sv.read(sv.ctx, key, &raw);
	if (!cur->err) {
		struct value v = { 0 };

		if (k && knob_parse(k, raw, sv.hz, &v, NULL, NULL, 0) == VS_OK)
			cur->value = value_conf_form(&v);
		else
			cur->value = conf_form(raw);
		value_free(&v);
	} else if (cur->err == -ENOENT) {
		cur->why = sysview_absent_reason(&sv, k, key);
	}
	free(raw);
	return 0;
}

static char *bounds_text(const struct bounds *b, enum vtype t, int hz)
{
	long long tmin, tmax;

	vtype_limits(t, hz, &tmin, &tmax);
	if (t == VT_ULONG && !b->has_max)
		return xasprintf("%lld..18446744073709551615 (unsigned long)", b->has_min ? b->min : 0);
	if (!b->has_min && !b->has_max)
		return t == VT_SECONDS ? xasprintf("any int up to INT_MAX/HZ (%lld at HZ=%d)", tmax, hz ? hz : 100) :
		       t == VT_STRING || t == VT_PORTS ? NULL :
		       xasprintf("not checked beyond the type (%lld..%lld)", tmin, tmax);
	return xasprintf("%lld..%lld (EINVAL outside)", b->has_min ? b->min : tmin, b->has_max ? b->max : tmax);
}

static json_t *strv_json(const struct strv *s)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < s->n; i++)
		json_array_append_new(a, json_string(s->v[i]));
	return a;
}

static json_t *bounds_json(const struct bounds *b)
{
	json_t *o = json_object();

	json_object_set_new(o, "min", b->has_min ? json_integer(b->min) : json_null());
	json_object_set_new(o, "max", b->has_max ? json_integer(b->max) : json_null());
	return o;
}

static json_t *descs_json(const struct knob_value_desc *d, size_t n, bool hex)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		json_t *o = json_object();

		if (hex) {
			char buf[32];

			snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)d[i].value);
			json_object_set_new(o, "bit", json_string(buf));
		} else {
			json_object_set_new(o, "value", json_integer(d[i].value));
		}
		json_object_set_new(o, "meaning", json_string(d[i].text));
		json_array_append_new(a, o);
	}
	return a;
}

static int explain_json(const struct knob *k, const char *key, const struct current *cur)
{
	json_t *root = json_object(), *o = json_object(), *hist = json_array(), *c = json_object();
	size_t i;

	json_object_set_new(root, "schema_version", json_integer(1));
	json_object_set_new(root, "key", json_string(key));
	json_object_set_new(c, "value", json_str_or_null(cur->value));
	json_object_set_new(c, "error", cur->err ? json_string(strerror(-cur->err)) : json_null());
	json_object_set_new(c, "absent_reason", json_str_or_null(cur->why));
	json_object_set_new(root, "current", c);
	json_object_set_new(root, "kernel", kernel_json());
	if (!k) {
		json_object_set_new(root, "known", json_false());
		json_object_set_new(root, "knob", json_null());
		return json_print(root);
	}
	json_object_set_new(root, "known", json_true());
	json_object_set_new(o, "catalog_key", json_string(k->key));
	json_object_set_new(o, "type", json_string(vtype_name(k->type)));
	json_object_set_new(o, "fields", json_integer(k->fields));
	json_object_set_new(o, "bounds", bounds_json(&k->bounds));
	json_object_set_new(o, "meaningful", bounds_json(&k->meaningful));
	json_object_set_new(o, "values", descs_json(k->values, k->nvalues, false));
	json_object_set_new(o, "bits", descs_json(k->bits, k->nbits, true));
	json_object_set_new(o, "strings", strv_json(&k->strings));
	json_object_set_new(o, "access", json_string(knob_access_name(k->access)));
	json_object_set_new(o, "default", json_str_or_null(k->def));
	json_object_set_new(o, "default_note", json_str_or_null(k->default_note));
	for (i = 0; i < k->nhistory; i++) {
		json_t *h = json_object();

		json_object_set_new(h, "version", json_string(k->history[i].version));
		json_object_set_new(h, "default", json_str_or_null(k->history[i].def));
		json_object_set_new(h, "note", json_str_or_null(k->history[i].note));
		json_array_append_new(hist, h);
	}
	json_object_set_new(o, "history", hist);
	json_object_set_new(o, "added", json_str_or_null(k->added));
	json_object_set_new(o, "removed", json_str_or_null(k->removed));
	json_object_set_new(o, "noop_since", json_str_or_null(k->noop_since));
	json_object_set_new(o, "obsolete", json_boolean(k->obsolete));
	json_object_set_new(o, "noop", json_boolean(k->noop));
	json_object_set_new(o, "netns", json_string(knob_netns_name(k->netns)));
	json_object_set_new(o, "netns_since", json_str_or_null(k->netns_since));
	json_object_set_new(o, "module", json_str_or_null(k->module));
	json_object_set_new(o, "kubernetes", k->kubernetes ? json_string(knob_k8s_name(k->kubernetes)) : json_null());
	json_object_set_new(o, "kubernetes_since", json_str_or_null(k->kubernetes_since));
	json_object_set_new(o, "refuse", json_str_or_null(k->refuse));
	json_object_set_new(o, "alias_of", json_str_or_null(k->alias_of));
	json_object_set_new(o, "unverified", strv_json(&k->unverified));
	json_object_set_new(o, "summary", json_str_or_null(k->summary));
	json_object_set_new(o, "explanation", json_str_or_null(k->explanation));
	json_object_set_new(o, "myths", strv_json(&k->myths));
	json_object_set_new(o, "counters", strv_json(&k->counters));
	json_object_set_new(o, "sources", strv_json(&k->sources));
	json_object_set_new(root, "knob", o);
	return json_print(root);
}

static void field(FILE *f, const char *label, const char *text)
{
	fprintf(f, "  %s%-14s%s ", term_c(f, TERM_BOLD), label, term_c(f, TERM_RESET));
	print_wrapped_at(f, text, 17, 80, 17);
}

static void heading(FILE *f, const char *title)
{
	fprintf(f, "\n%s%s%s\n", term_c(f, TERM_BOLD), title, term_c(f, TERM_RESET));
}

static const char *unv(const struct knob *k, const char *name)
{
	return knob_is_unverified(k, name) ? " (unverified)" : "";
}

static void explain_text(const struct knob *k, const char *key, const struct current *cur)
{
	FILE *f = stdout;
	struct strbuf sb = STRBUF_INIT;
	char *s;
	size_t i;

	fprintf(f, "%s%s%s\n", term_c(f, TERM_BOLD), key, term_c(f, TERM_RESET));
	if (k)
		print_wrapped(f, k->summary, 2, 80);
	fputc('\n', f);
	if (cur->value)
		sb_addf(&sb, "%s (kernel %s)", cur->value, app.host.release);
	else if (cur->err == -ENOENT)
		sb_addf(&sb, "not present: %s", cur->why);
	else
		sb_addf(&sb, "unreadable: %s", strerror(-cur->err));
	field(f, "current", sb_str(&sb));
	sb_release(&sb);
	if (!k) {
		fputc('\n', f);
		print_wrapped(f, "tcptune has no advice for this key: it is not in the knob catalog. "
				 "The value above is what the running kernel reports.", 2, 80);
		return;
	}
	sb_addf(&sb, "%s", vtype_name(k->type));
	if (k->type == VT_VECTOR)
		sb_addf(&sb, " of %d integers", k->fields);
	if (k->access != ACC_RW)
		sb_addf(&sb, ", %s", k->access == ACC_RO ? "read-only" : "write-only");
	field(f, "type", sb_str(&sb));
	sb_release(&sb);
	s = bounds_text(&k->bounds, k->type, app.host.hz);
	if (s)
		field(f, "accepted", s);
	free(s);
	if (k->meaningful.has_min || k->meaningful.has_max) {
		s = xasprintf("%lld..%lld (other accepted values: see below for what they do)",
			      k->meaningful.min, k->meaningful.max);
		field(f, "meaningful", s);
		free(s);
	}
	for (i = 0; i < k->nvalues; i++) {
		s = xasprintf("%lld = %s", k->values[i].value, k->values[i].text);
		field(f, i ? "" : "values", s);
		free(s);
	}
	for (i = 0; i < k->nbits; i++) {
		s = xasprintf("0x%llx = %s", (unsigned long long)k->bits[i].value, k->bits[i].text);
		field(f, i ? "" : "bits", s);
		free(s);
	}
	for (i = 0; i < k->strings.n; i++)
		sb_addf(&sb, "%s%s", i ? ", " : "", k->strings.v[i]);
	if (k->strings.n)
		field(f, "known values", sb_str(&sb));
	sb_release(&sb);
	if (k->def)
		sb_addf(&sb, "%s", k->def);
	if (k->default_note)
		sb_addf(&sb, "%s%s", k->def ? "; " : "", k->default_note);
	field(f, "default", sb.len ? sb_str(&sb) : "not recorded");
	sb_release(&sb);
	for (i = 0; i < k->nhistory; i++) {
		const struct knob_history *h = &k->history[i];

		sb_addf(&sb, "Linux %s", h->version);
		if (h->def)
			sb_addf(&sb, ": default %s", h->def);
		if (h->note)
			sb_addf(&sb, "%s%s", h->def ? "; " : ": ", h->note);
		field(f, i ? "" : "history", sb_str(&sb));
		sb_release(&sb);
	}
	if (k->added) {
		s = xasprintf("Linux %s%s", k->added, unv(k, "added"));
		field(f, "added", s);
		free(s);
	}
	if (k->removed) {
		s = xasprintf("Linux %s%s: the key does not exist on newer kernels", k->removed, unv(k, "removed"));
		field(f, "removed", s);
		free(s);
	}
	if (k->obsolete)
		field(f, "obsolete", "this key does not exist on current kernels; `sysctl -p` fails on it");
	if (k->noop && !k->noop_since)
		field(f, "no-op", "present, but writing it changes nothing on current kernels");
	if (k->noop_since) {
		s = xasprintf("Linux %s%s: present, but writing it changes nothing", k->noop_since, unv(k, "noop_since"));
		field(f, "no-op since", s);
		free(s);
	}
	sb_add(&sb, knob_netns_text(k->netns));
	if (k->netns_since)
		sb_addf(&sb, "; namespaced since Linux %s%s", k->netns_since, unv(k, "netns_since"));
	field(f, "network ns", sb_str(&sb));
	sb_release(&sb);
	if (k->module)
		field(f, "module", k->module);
	if (k->kubernetes) {
		sb_add(&sb, k->kubernetes == K8S_SAFE ? "safe sysctl (settable in a pod securityContext)" :
			    k->kubernetes == K8S_UNSAFE ? "unsafe: needs kubelet --allowed-unsafe-sysctls" :
			    "node-level: cannot be set per pod");
		if (k->kubernetes_since)
			sb_addf(&sb, ", since Kubernetes %s", k->kubernetes_since);
		sb_add(&sb, unv(k, "kubernetes"));
		field(f, "kubernetes", sb_str(&sb));
		sb_release(&sb);
	}
	if (k->alias_of)
		field(f, "alias of", k->alias_of);
	if (k->refuse)
		field(f, "refused", k->refuse);
	heading(f, "What it does");
	print_wrapped(f, k->explanation, 2, 80);
	if (k->myths.n) {
		heading(f, "Myths");
		for (i = 0; i < k->myths.n; i++) {
			fputs("  - ", f);
			print_wrapped_at(f, k->myths.v[i], 4, 80, 4);
		}
	}
	if (k->counters.n) {
		heading(f, "Counters (nstat -az NAME)");
		for (i = 0; i < k->counters.n; i++)
			fprintf(f, "  %s\n", k->counters.v[i]);
	}
	heading(f, "Sources");
	for (i = 0; i < k->sources.n; i++)
		fprintf(f, "  - %s\n", k->sources.v[i]);
	if (k->unverified.n) {
		for (i = 0; i < k->unverified.n; i++)
			sb_addf(&sb, "%s%s", i ? ", " : "", k->unverified.v[i]);
		fprintf(f, "  (not verified against source: %s)\n", sb_str(&sb));
		sb_release(&sb);
	}
}

int cmd_explain(int argc, char **argv)
{
	static const struct option opts[] = {
		COMMON_LONGOPTS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	enum out_format fmt = FMT_TEXT;
	char key[KEY_MAX + 1];
	const struct knob *k;
	struct current cur;
	int c, r, ret = EXIT_OK;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		r = app_common_option("explain", c, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		switch (c) {
		case 'h':
			fputs(explain_usage, stdout);
			return EXIT_OK;
		case OPT_FORMAT:
			if (format_parse("explain", optarg, FMT_TEXT | FMT_JSON, &fmt))
				return EXIT_USAGE;
			break;
		default:
			return usage_error("explain", "unknown option");
		}
	}
	if (optind != argc - 1)
		return usage_error("explain", optind == argc ? "which key? e.g. tcptune explain net.ipv4.tcp_fin_timeout" :
					      "one key at a time");
	if (key_normalize(argv[optind], key, sizeof(key)))
		return usage_error("explain", "'%s' is not a sysctl key (letters, digits, '_', '-', separated by '.' or '/')",
				   argv[optind]);
	if (app_load())
		return EXIT_FAIL;
	k = catalog_find(&app.cat, key);
	if (read_current(k, key, &cur))
		return EXIT_FAIL;
	if (!k && cur.err) {
		const char *sugg = catalog_suggest(&app.cat, key);

		errorf("unknown key '%s': not in tcptune's catalog and not on this kernel%s%s%s", key,
		       sugg ? " (did you mean '" : "", sugg ? sugg : "", sugg ? "'?)" : "");
		ret = EXIT_USAGE;
		goto out;
	}
	if (fmt == FMT_JSON)
		ret = explain_json(k, key, &cur) ? EXIT_FAIL : EXIT_OK;
	else
		explain_text(k, key, &cur);
out:
	free(cur.value);
	free(cur.why);
	return ret;
}
