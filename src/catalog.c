// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "key.h"
#include "yamldoc.h"

static const char *const knob_fields[] = {
	"key", "type", "elem", "fields", "bounds", "meaningful", "values", "bits", "strings",
	"access", "default", "default_note", "history", "added", "removed",
	"noop_since", "netns", "netns_since", "module", "kubernetes",
	"kubernetes_since", "refuse", "unverified", "summary", "explanation",
	"myths", "counters", "sources", "alias_of", "obsolete", "noop", NULL,
};

static const char *const netns_names[] = {
	[NETNS_OWN] = "own", [NETNS_COPIED] = "copied", [NETNS_READONLY] = "readonly",
	[NETNS_ABSENT] = "absent", [NETNS_NONE] = "none",
};

static const char *const k8s_names[] = {
	[K8S_UNKNOWN] = "unknown", [K8S_SAFE] = "safe", [K8S_UNSAFE] = "unsafe", [K8S_NODE] = "node",
};

static const char *const access_names[] = {
	[ACC_RW] = "rw", [ACC_RO] = "ro", [ACC_WO] = "wo",
};

const char *knob_netns_name(enum knob_netns n)
{
	return netns_names[n];
}

const char *knob_netns_text(enum knob_netns n)
{
	switch (n) {
	case NETNS_OWN:
		return "per network namespace; a new namespace starts from the compiled-in default";
	case NETNS_COPIED:
		return "per network namespace; a new namespace copies the host's current value";
	case NETNS_READONLY:
		return "global; visible but read-only inside a child network namespace";
	case NETNS_ABSENT:
		return "global; absent inside a child network namespace";
	case NETNS_NONE:
	default:
		return "global (not a network knob): one value for the whole machine";
	}
}

const char *knob_k8s_name(enum knob_k8s k)
{
	return k8s_names[k];
}

const char *knob_access_name(enum knob_access a)
{
	return access_names[a];
}

static int name_index(const char *s, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] && strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

/* A catalog key: a valid sysctl key, where a segment may be <iface>. */
static bool key_syntax_ok(const char *key)
{
	char *copy = xstrdup(key), *p;
	bool ok;

	/* "<iface>" stands for one interface name: check it as one */
	while ((p = strstr(copy, "<iface>")))
		memcpy(p, "iface__", 7);
	ok = key_valid(copy);
	free(copy);
	return ok;
}

static int load_strv(struct catalog *c, struct ydoc *d, yaml_node_t *n, const char *what, struct strv *out)
{
	yaml_node_item_t *it;
	size_t i = 0;

	if (ynode_expect(d, n, YAML_SEQUENCE_NODE, what))
		return -EINVAL;
	out->n = (size_t)(yseq_end(n) - yseq_begin(n));
	out->v = arena_alloc(&c->arena, (out->n + 1) * sizeof(char *));
	for (it = yseq_begin(n); it < yseq_end(n); it++) {
		const char *s;

		if (ynode_string(d, ydoc_node(d, *it), what, &s))
			return -EINVAL;
		out->v[i++] = arena_strdup(&c->arena, s);
	}
	return 0;
}

static int load_bounds(struct ydoc *d, yaml_node_t *n, const char *what, struct bounds *b)
{
	static const char *const fields[] = { "min", "max", NULL };
	yaml_node_t *v;
	int err = 0;

	memset(b, 0, sizeof(*b));
	if (ynode_expect(d, n, YAML_MAPPING_NODE, what))
		return -EINVAL;
	if (ymap_check_fields(d, n, fields, what))
		err = -EINVAL;
	v = ymap_get(d, n, "min");
	if (v && !ynode_is_null(v)) {
		if (ynode_llong(d, v, "min", &b->min))
			err = -EINVAL;
		b->has_min = true;
	}
	v = ymap_get(d, n, "max");
	if (v && !ynode_is_null(v)) {
		if (ynode_llong(d, v, "max", &b->max))
			err = -EINVAL;
		b->has_max = true;
	}
	if (!err && b->has_min && b->has_max && b->min > b->max) {
		ydiag(d, n, SEV_ERROR, "%s: min %lld is above max %lld", what, b->min, b->max);
		err = -EINVAL;
	}
	return err;
}

static int load_value_descs(struct catalog *c, struct ydoc *d, yaml_node_t *n, const char *what,
			    struct knob_value_desc **out, size_t *nout)
{
	yaml_node_pair_t *p;
	size_t i = 0;
	int err = 0;

	if (ynode_expect(d, n, YAML_MAPPING_NODE, what))
		return -EINVAL;
	*nout = (size_t)(ymap_end(n) - ymap_begin(n));
	*out = arena_alloc(&c->arena, (*nout + 1) * sizeof(**out));
	for (p = ymap_begin(n); p < ymap_end(n); p++) {
		yaml_node_t *kn = ydoc_node(d, p->key);
		const char *ks = ynode_scalar(kn), *kp = ks, *text;
		bool octal = false;

		/* bits are written "0x400": accept quoted numbers too */
		if (!ks || value_parse_number(&kp, true, &(*out)[i].value, &octal, NULL) || *kp || octal) {
			ydiag(d, kn, SEV_ERROR, "%s keys must be integers such as 2 or 0x400", what);
			err = -EINVAL;
			continue;
		}
		if (ynode_string(d, ydoc_node(d, p->value), what, &text)) {
			err = -EINVAL;
			continue;
		}
		(*out)[i++].text = arena_strdup(&c->arena, text);
	}
	*nout = i;
	return err;
}

static int load_version(struct catalog *c, struct ydoc *d, yaml_node_t *n, const char *what, const char **out)
{
	const char *s;

	if (ynode_string(d, n, what, &s))
		return -EINVAL;
	if (!kver_string_valid(s)) {
		ydiag(d, n, SEV_ERROR, "%s must be a kernel version like \"4.12\" (quoted), not '%s'", what, s);
		return -EINVAL;
	}
	*out = arena_strdup(&c->arena, s);
	return 0;
}

static int load_history(struct catalog *c, struct ydoc *d, yaml_node_t *n, struct knob *k)
{
	static const char *const fields[] = { "version", "default", "note", NULL };
	yaml_node_item_t *it;
	size_t i = 0;
	int err = 0;

	if (ynode_expect(d, n, YAML_SEQUENCE_NODE, "history"))
		return -EINVAL;
	k->nhistory = (size_t)(yseq_end(n) - yseq_begin(n));
	k->history = arena_alloc(&c->arena, (k->nhistory + 1) * sizeof(*k->history));
	for (it = yseq_begin(n); it < yseq_end(n); it++) {
		yaml_node_t *e = ydoc_node(d, *it), *v;
		struct knob_history *h = &k->history[i++];
		const char *s;

		if (ynode_expect(d, e, YAML_MAPPING_NODE, "a history entry")) {
			err = -EINVAL;
			continue;
		}
		if (ymap_check_fields(d, e, fields, "a history entry"))
			err = -EINVAL;
		v = ymap_get(d, e, "version");
		if (!v) {
			ydiag(d, e, SEV_ERROR, "a history entry needs 'version'");
			err = -EINVAL;
		} else if (load_version(c, d, v, "version", &h->version)) {
			err = -EINVAL;
		}
		v = ymap_get(d, e, "default");
		if (v && !ynode_string(d, v, "default", &s))
			h->def = arena_strdup(&c->arena, s);
		v = ymap_get(d, e, "note");
		if (v && !ynode_string(d, v, "note", &s))
			h->note = arena_strdup(&c->arena, s);
	}
	return err;
}

static int knob_cmp(const void *a, const void *b)
{
	return strcmp((*(struct knob *const *)a)->key, (*(struct knob *const *)b)->key);
}

static void catalog_insert(struct catalog *c, struct knob *k)
{
	struct knob **slot = c->n ? bsearch(&k, c->knobs, c->n, sizeof(*c->knobs), knob_cmp) : NULL;

	if (slot) {	/* a later file (an /etc override) replaces the entry */
		*slot = k;
		return;
	}
	GROW(c->knobs, c->cap, c->n + 1);
	c->knobs[c->n++] = k;
	qsort(c->knobs, c->n, sizeof(*c->knobs), knob_cmp);
}

/* Check a default or history value against the knob's own type and bounds. */
static int check_default(struct ydoc *d, yaml_node_t *n, const struct knob *k, const char *text)
{
	struct value v;
	char err[256];
	enum value_status st;

	/* jiffies bounds depend on HZ; 1000 is the strictest in use */
	st = knob_parse(k, text, 1000, &v, NULL, err, sizeof(err));
	/* an empty list or string is a real default (ip_local_reserved_ports) */
	if (st == VS_EMPTY && !vtype_numeric(k->type))
		st = VS_OK;
	if (st != VS_OK)
		ydiag(d, n, SEV_ERROR, "default '%s' of %s is not a valid value: %s", text, k->key, err);
	value_free(&v);
	return st == VS_OK ? 0 : -EINVAL;
}

static int load_knob(struct catalog *c, struct ydoc *d, yaml_node_t *e)
{
	struct knob *k = arena_alloc(&c->arena, sizeof(*k));
	yaml_node_t *v;
	const char *s;
	int err = 0, idx;

	if (ynode_expect(d, e, YAML_MAPPING_NODE, "a knob entry"))
		return -EINVAL;
	if (ymap_check_fields(d, e, knob_fields, "a knob entry"))
		err = -EINVAL;
	k->file = d->file;
	k->line = ynode_line(e);
	k->fields = 1;

	v = ymap_get(d, e, "key");
	if (!v || ynode_string(d, v, "key", &s)) {
		if (!v)
			ydiag(d, e, SEV_ERROR, "a knob entry needs 'key'");
		return -EINVAL;
	}
	if (!key_syntax_ok(s)) {
		ydiag(d, v, SEV_ERROR, "'%s' is not a valid sysctl key", s);
		return -EINVAL;
	}
	k->key = arena_strdup(&c->arena, s);
	k->pattern = strstr(s, "<iface>") != NULL;

#define REQUIRED(name) \
	do { if (!ymap_get(d, e, name)) { ydiag(d, e, SEV_ERROR, "%s: '%s' is required", k->key, name); err = -EINVAL; } } while (0)
	REQUIRED("type");
	REQUIRED("netns");
	REQUIRED("summary");
	REQUIRED("explanation");
	REQUIRED("sources");
#undef REQUIRED

	v = ymap_get(d, e, "type");
	if (v && !ynode_string(d, v, "type", &s) && vtype_from_name(s, &k->type)) {
		ydiag(d, v, SEV_ERROR, "unknown type '%s' (int, uint, ulong, u8, seconds, vector, bitmask, string, ports)", s);
		err = -EINVAL;
	}
	k->elem = VT_INT;
	v = ymap_get(d, e, "elem");
	if (v && !ynode_string(d, v, "elem", &s)) {
		if (vtype_from_name(s, &k->elem) || (k->elem != VT_INT && k->elem != VT_UINT && k->elem != VT_ULONG)) {
			ydiag(d, v, SEV_ERROR, "elem must be int, uint or ulong");
			err = -EINVAL;
		} else if (k->type != VT_VECTOR) {
			ydiag(d, v, SEV_ERROR, "elem only applies to a vector");
			err = -EINVAL;
		}
	}
	v = ymap_get(d, e, "fields");
	if (v) {
		long long f;

		if (ynode_llong(d, v, "fields", &f) || f < 1 || f > VALUE_MAX_FIELDS) {
			ydiag(d, v, SEV_ERROR, "fields must be 1..%d", VALUE_MAX_FIELDS);
			err = -EINVAL;
		} else {
			k->fields = (int)f;
		}
	} else if (k->type == VT_VECTOR) {
		ydiag(d, e, SEV_ERROR, "%s: a vector needs 'fields'", k->key);
		err = -EINVAL;
	}
	if ((v = ymap_get(d, e, "bounds")) && load_bounds(d, v, "bounds", &k->bounds))
		err = -EINVAL;
	if ((v = ymap_get(d, e, "meaningful")) && load_bounds(d, v, "meaningful", &k->meaningful))
		err = -EINVAL;
	if ((v = ymap_get(d, e, "values")) && load_value_descs(c, d, v, "values", &k->values, &k->nvalues))
		err = -EINVAL;
	if ((v = ymap_get(d, e, "bits"))) {
		size_t i;

		if (load_value_descs(c, d, v, "bits", &k->bits, &k->nbits))
			err = -EINVAL;
		for (i = 0; i < k->nbits; i++)
			k->known_bits |= (unsigned long long)k->bits[i].value;
	} else if (k->type == VT_BITMASK) {
		ydiag(d, e, SEV_ERROR, "%s: a bitmask needs 'bits'", k->key);
		err = -EINVAL;
	}
	if ((v = ymap_get(d, e, "strings")) && load_strv(c, d, v, "strings", &k->strings))
		err = -EINVAL;
	if ((v = ymap_get(d, e, "access")) && !ynode_string(d, v, "access", &s)) {
		idx = name_index(s, access_names, ARRAY_SIZE(access_names));
		if (idx < 0) {
			ydiag(d, v, SEV_ERROR, "access must be rw, ro or wo");
			err = -EINVAL;
		} else {
			k->access = (enum knob_access)idx;
		}
	}
	if ((v = ymap_get(d, e, "netns")) && !ynode_string(d, v, "netns", &s)) {
		idx = name_index(s, netns_names, ARRAY_SIZE(netns_names));
		if (idx < 0) {
			ydiag(d, v, SEV_ERROR, "netns must be own, copied, readonly, absent or none");
			err = -EINVAL;
		} else {
			k->netns = (enum knob_netns)idx;
		}
	}
	if ((v = ymap_get(d, e, "kubernetes")) && !ynode_string(d, v, "kubernetes", &s)) {
		idx = name_index(s, k8s_names, ARRAY_SIZE(k8s_names));
		if (idx <= 0) {
			ydiag(d, v, SEV_ERROR, "kubernetes must be safe, unsafe or node");
			err = -EINVAL;
		} else {
			k->kubernetes = (enum knob_k8s)idx;
		}
	}
#define STRING(name, dst) \
	do { if ((v = ymap_get(d, e, name))) { if (ynode_string(d, v, name, &s)) err = -EINVAL; else dst = arena_strdup(&c->arena, s); } } while (0)
#define VERSION(name, dst) \
	do { if ((v = ymap_get(d, e, name)) && load_version(c, d, v, name, &dst)) err = -EINVAL; } while (0)
	STRING("default", k->def);
	STRING("default_note", k->default_note);
	STRING("module", k->module);
	STRING("refuse", k->refuse);
	STRING("alias_of", k->alias_of);
	STRING("summary", k->summary);
	STRING("explanation", k->explanation);
	VERSION("added", k->added);
	VERSION("removed", k->removed);
	VERSION("noop_since", k->noop_since);
	VERSION("netns_since", k->netns_since);
	VERSION("kubernetes_since", k->kubernetes_since);
#undef STRING
#undef VERSION
	if ((v = ymap_get(d, e, "obsolete")) && ynode_bool(d, v, "obsolete", &k->obsolete))
		err = -EINVAL;
	if ((v = ymap_get(d, e, "noop")) && ynode_bool(d, v, "noop", &k->noop))
		err = -EINVAL;
	if (k->noop_since)
		k->noop = true;
	if ((v = ymap_get(d, e, "history")) && load_history(c, d, v, k))
		err = -EINVAL;
	if ((v = ymap_get(d, e, "unverified")) && load_strv(c, d, v, "unverified", &k->unverified))
		err = -EINVAL;
	if ((v = ymap_get(d, e, "myths")) && load_strv(c, d, v, "myths", &k->myths))
		err = -EINVAL;
	if ((v = ymap_get(d, e, "counters")) && load_strv(c, d, v, "counters", &k->counters))
		err = -EINVAL;
	if ((v = ymap_get(d, e, "sources")) && load_strv(c, d, v, "sources", &k->sources))
		err = -EINVAL;
	if (k->summary && (strlen(k->summary) > 100 || strchr(k->summary, '\n'))) {
		ydiag(d, ymap_get(d, e, "summary"), SEV_ERROR,
		      "%s: summary must be one line of at most 100 characters", k->key);
		err = -EINVAL;
	}
	if (k->sources.n == 0 && ymap_get(d, e, "sources")) {
		ydiag(d, ymap_get(d, e, "sources"), SEV_ERROR, "%s: cite at least one source", k->key);
		err = -EINVAL;
	}
	if (!err && k->def && check_default(d, ymap_get(d, e, "default"), k, k->def))
		err = -EINVAL;
	if (err)
		return err;
	catalog_insert(c, k);
	return 0;
}

int catalog_load(struct catalog *c, const char *file, const char *buf, size_t len, struct diags *dg)
{
	static const char *const top_fields[] = { "knobs", NULL };
	struct ydoc d;
	yaml_node_t *root, *list;
	yaml_node_item_t *it;
	size_t before = diags_count(dg, SEV_ERROR);
	int err;

	/* data files outlive the ydoc: keep the file name in the arena */
	file = arena_strdup(&c->arena, file);
	err = ydoc_load(&d, file, buf, len, dg);
	if (err)
		goto out;
	root = ydoc_root(&d);
	if (ynode_expect(&d, root, YAML_MAPPING_NODE, "a catalog file")) {
		err = -EINVAL;
		goto out;
	}
	ymap_check_fields(&d, root, top_fields, "a catalog file");
	list = ymap_get(&d, root, "knobs");
	if (!list) {
		ydiag(&d, root, SEV_ERROR, "a catalog file needs a 'knobs' list");
		err = -EINVAL;
		goto out;
	}
	if (ynode_expect(&d, list, YAML_SEQUENCE_NODE, "knobs")) {
		err = -EINVAL;
		goto out;
	}
	for (it = yseq_begin(list); it < yseq_end(list); it++)
		load_knob(c, &d, ydoc_node(&d, *it));
	if (diags_count(dg, SEV_ERROR) > before)
		err = -EINVAL;
out:
	ydoc_free(&d);
	return err;
}

void catalog_free(struct catalog *c)
{
	free(c->knobs);
	arena_free(&c->arena);
	memset(c, 0, sizeof(*c));
}

/* Does key match pattern, segment by segment, <iface> matching one segment? */
static bool pattern_match(const char *pattern, const char *key, char *iface, size_t len)
{
	while (*pattern && *key) {
		const char *pe = strchr(pattern, '.'), *ke = strchr(key, '.');
		size_t pl = pe ? (size_t)(pe - pattern) : strlen(pattern);
		size_t kl = ke ? (size_t)(ke - key) : strlen(key);

		if (pl == 7 && strncmp(pattern, "<iface>", 7) == 0) {
			if (kl == 0)
				return false;
			if (iface && len) {
				size_t n = kl < len - 1 ? kl : len - 1;

				memcpy(iface, key, n);
				iface[n] = '\0';
			}
		} else if (pl != kl || strncmp(pattern, key, pl) != 0) {
			return false;
		}
		pattern += pl;
		key += kl;
		if (*pattern != *key)
			return false;
		if (*pattern) {
			pattern++;
			key++;
		}
	}
	return !*pattern && !*key;
}

static const struct knob *find_exact(const struct catalog *c, const char *key)
{
	struct knob probe = { .key = key }, *pp = &probe, **slot;

	slot = c->n ? bsearch(&pp, c->knobs, c->n, sizeof(*c->knobs), knob_cmp) : NULL;
	return slot ? *slot : NULL;
}

const struct knob *catalog_find(const struct catalog *c, const char *key)
{
	char cand[KEY_MAX + 8];
	const struct knob *k = find_exact(c, key);
	const char *seg, *end;
	size_t klen = strlen(key);

	if (k || klen > KEY_MAX)
		return k;
	/*
	 * An interface key: put "<iface>" in place of each inner segment in
	 * turn and look that up, so lint does a few binary searches per line
	 * instead of scanning every pattern.
	 */
	for (seg = strchr(key, '.'); seg; seg = end) {
		seg++;
		end = strchr(seg, '.');
		if (!end)
			break;
		if (end == seg)
			continue;	/* <iface> stands for one non-empty name */
		memcpy(cand, key, (size_t)(seg - key));
		memcpy(cand + (seg - key), "<iface>", 7);
		memcpy(cand + (seg - key) + 7, end, klen - (size_t)(end - key) + 1);
		k = find_exact(c, cand);
		if (k && k->pattern)
			return k;
	}
	return NULL;
}

bool knob_iface(const struct knob *k, const char *key, char *iface, size_t len)
{
	return k->pattern && pattern_match(k->key, key, iface, len);
}

const char *catalog_suggest(const struct catalog *c, const char *key)
{
	const char *best = NULL, *last = strrchr(key, '.');
	size_t bestd = (size_t)-1, i, limit;

	for (i = 0; i < c->n; i++) {
		const char *kk = c->knobs[i]->key;
		const char *klast = strrchr(kk, '.');
		size_t lk = strlen(kk), lq = strlen(key), d;

		/* the length difference bounds the distance from below: skip hopeless ones */
		if ((lk > lq ? lk - lq : lq - lk) > (bestd < 16 ? bestd : 16) * 2 + 2)
			continue;
		d = edit_distance(kk, key);

		/* the same last segment under another prefix is a strong hint */
		if (last && klast && strcmp(last, klast) == 0 && d > 1)
			d = d / 2 + 1;
		if (d < bestd) {
			bestd = d;
			best = kk;
		}
	}
	limit = strlen(key) / 3 + 1;
	if (limit > 8)
		limit = 8;
	return bestd <= limit ? best : NULL;
}

const char *knob_value_text(const struct knob *k, long long v)
{
	size_t i;

	for (i = 0; i < k->nvalues; i++)
		if (k->values[i].value == v)
			return k->values[i].text;
	return NULL;
}

enum value_status knob_parse(const struct knob *k, const char *text, int hz, struct value *out,
			     struct value_notes *notes, char *err, size_t errlen)
{
	return value_parse_elem(text, k->type, k->elem, k->fields, &k->bounds, hz, out, notes, err, errlen);
}

bool knob_on_kernel(const struct knob *k, const struct kver *v)
{
	struct kver x;

	if (!v->known)
		return true;
	if (k->added && !kver_parse(k->added, &x) && kver_cmp(v, &x) < 0)
		return false;
	if (k->removed && !kver_parse(k->removed, &x) && kver_cmp(v, &x) >= 0)
		return false;
	return true;
}

bool knob_gone(const struct knob *k, const struct kver *v)
{
	struct kver x;

	if (k->removed && !kver_parse(k->removed, &x))
		return !v->known || kver_cmp(v, &x) >= 0;
	return k->obsolete;
}

bool knob_is_unverified(const struct knob *k, const char *field)
{
	size_t i;

	for (i = 0; i < k->unverified.n; i++)
		if (strcmp(k->unverified.v[i], field) == 0)
			return true;
	return false;
}
