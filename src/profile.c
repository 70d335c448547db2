// SPDX-License-Identifier: GPL-2.0-or-later
#include "profile.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "key.h"
#include "yamldoc.h"

#define PROFILE_MAX_BYTES (1 << 20)
#define EXTENDS_MAX_DEPTH 16

static const char *const profile_fields[] = {
	"name", "description", "extends", "context", "settings", NULL,
};
static const char *const setting_fields[] = { "value", "at_least", "at_most", "why", NULL };
static const char *const context_fields[] = { "clients_behind_nat", "forwards_traffic", NULL };

bool profile_arg_is_path(const char *arg)
{
	return strchr(arg, '/') || str_endswith(arg, ".yaml") || str_endswith(arg, ".yml");
}

static bool name_valid(const char *s)
{
	const char *p;

	if (!*s || !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return strlen(s) <= 64;
}

static void add_source(struct profile_set *ps, const char *name, const char *path,
		       const char *origin, const char *buf, size_t len)
{
	struct profile_source *s;
	size_t i;
	bool shadowed = false;

	for (i = 0; i < ps->n; i++)
		shadowed |= strcmp(ps->v[i].name, name) == 0;
	GROW(ps->v, ps->cap, ps->n + 1);
	s = &ps->v[ps->n++];
	s->name = arena_strdup(&ps->arena, name);
	s->path = arena_strdup(&ps->arena, path);
	s->origin = arena_strdup(&ps->arena, origin);
	s->buf = buf;
	s->len = len;
	s->shadowed = shadowed;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void scan_dir(struct profile_set *ps, const char *dir, const char *origin)
{
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len > 5 && str_endswith(de->d_name, ".yaml") && de->d_name[0] != '.') {
			GROW(names, cap, n + 1);
			names[n++] = xstrndup(de->d_name, len - 5);
		}
	}
	closedir(d);
	qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s.yaml", dir, names[i]);

		add_source(ps, names[i], path, origin, NULL, 0);
		free(path);
		free(names[i]);
	}
	free(names);
}

void profile_set_init(struct profile_set *ps, const struct catalog *cat,
		      const char *profile_dir, const char *config_dir)
{
	const struct embedded_file *f;
	char *etc;

	memset(ps, 0, sizeof(*ps));
	ps->cat = cat;
	if (profile_dir)
		scan_dir(ps, profile_dir, profile_dir);
	etc = xasprintf("%s/profiles", config_dir);
	scan_dir(ps, etc, etc);
	free(etc);
	for (f = embedded_files; f->name; f++) {
		const char *base;
		char *name;

		if (!str_startswith(f->name, "profiles/") || !str_endswith(f->name, ".yaml"))
			continue;
		base = f->name + strlen("profiles/");
		name = xstrndup(base, strlen(base) - 5);
		add_source(ps, name, f->name, "built-in", f->data, f->len);
		free(name);
	}
}

void profile_set_free(struct profile_set *ps)
{
	free(ps->v);
	arena_free(&ps->arena);
	memset(ps, 0, sizeof(*ps));
}

/* Validate a value text for a knob; report at node n. */
static int check_value(struct ydoc *d, yaml_node_t *n, const struct knob *k, const char *key,
		       const char *text, const char *what)
{
	struct value_notes notes;
	struct value v;
	char err[256];
	enum value_status st;
	int ret = 0;

	st = knob_parse(k, text, 0, &v, &notes, err, sizeof(err));
	if (st != VS_OK) {
		ydiag(d, n, SEV_ERROR, "%s: %s '%s' is invalid: %s", key, what, text, err);
		ret = -EINVAL;
		goto out;
	}
	/* profiles are written by hand and read by editors: one spelling only */
	if (k->type == VT_VECTOR && (strstr(text, "  ") || strchr(text, '\t') || text[0] == ' ' ||
				     text[strlen(text) - 1] == ' ')) {
		ydiag(d, n, SEV_ERROR, "%s: separate the numbers of '%s' with single spaces", key, text);
		ret = -EINVAL;
		goto out;
	}
	if (notes.octal)
		ydiag(d, n, SEV_WARNING, "%s: '%s' has a leading zero, so the kernel reads it as octal; write it without the zero",
		      key, text);
	if (k->type == VT_VECTOR && notes.fields_given != k->fields) {
		ydiag(d, n, SEV_ERROR, "%s: %s needs %d numbers, got %d", key, what, k->fields, notes.fields_given);
		ret = -EINVAL;
	} else if (k->type != VT_VECTOR && vtype_numeric(k->type) && notes.fields_given > 1) {
		ydiag(d, n, SEV_ERROR, "%s: %s takes one number; the kernel would apply only the first", key, what);
		ret = -EINVAL;
	}
	if (vtype_numeric(k->type) && (k->meaningful.has_min || k->meaningful.has_max)) {
		int i;

		for (i = 0; i < v.nfields; i++) {
			if ((k->meaningful.has_min && v.num[i] < k->meaningful.min) ||
			    (k->meaningful.has_max && v.num[i] > k->meaningful.max)) {
				ydiag(d, n, SEV_WARNING, "%s: %lld is accepted but means nothing more than %lld (meaningful values: %lld..%lld)",
				      key, v.num[i],
				      v.num[i] > k->meaningful.max ? k->meaningful.max : k->meaningful.min,
				      k->meaningful.min, k->meaningful.max);
				break;
			}
		}
	}
	if (k->type == VT_BITMASK && k->nbits && ((unsigned long long)v.num[0] & ~k->known_bits))
		ydiag(d, n, SEV_WARNING, "%s: bits 0x%llx are not known flags (known: 0x%llx)", key,
		      (unsigned long long)v.num[0] & ~k->known_bits, k->known_bits);
	if (k->type == VT_STRING && k->strings.n) {
		size_t i;
		bool known = false;

		for (i = 0; i < k->strings.n; i++)
			known |= strcmp(k->strings.v[i], v.str) == 0;
		if (!known)
			ydiag(d, n, SEV_WARNING, "%s: '%s' is not a value tcptune knows; the kernel refuses unknown names", key, v.str);
	}
out:
	value_free(&v);
	return ret;
}

static int load_setting(struct profile_set *ps, struct ydoc *d, struct profile *p,
			yaml_node_t *kn, yaml_node_t *sn)
{
	const struct catalog *cat = ps->cat;
	char key[KEY_MAX + 1];
	const char *raw, *s;
	const struct knob *k;
	struct setting *st;
	yaml_node_t *v, *vl, *vm;
	int err = 0;

	if (ynode_string(d, kn, "a setting key", &raw))
		return -EINVAL;
	if (key_normalize(raw, key, sizeof(key))) {
		ydiag(d, kn, SEV_ERROR, "'%s' is not a valid sysctl key", raw);
		return -EINVAL;
	}
	if (profile_setting(p, key)) {
		/* "net/core/somaxconn" and "net.core.somaxconn" are the same key */
		ydiag(d, kn, SEV_ERROR, "'%s' is set twice in this profile", key);
		return -EINVAL;
	}
	k = catalog_find(cat, key);
	if (!k) {
		const char *sugg = catalog_suggest(cat, key);

		if (sugg)
			ydiag(d, kn, SEV_ERROR, "unknown key '%s' (did you mean '%s'?)", key, sugg);
		else
			ydiag(d, kn, SEV_ERROR, "unknown key '%s': tcptune's catalog has no such knob", key);
		return -EINVAL;
	}
	if (k->refuse) {
		ydiag(d, kn, SEV_ERROR, "%s is refused: %s", key, k->refuse);
		return -EINVAL;
	}
	if (k->removed) {
		ydiag(d, kn, SEV_ERROR, "%s was removed in Linux %s; `sysctl -p` fails on it", key, k->removed);
		return -EINVAL;
	}
	if (k->obsolete) {
		ydiag(d, kn, SEV_ERROR, "%s does not exist on current kernels; `sysctl -p` fails on it", key);
		return -EINVAL;
	}
	if (k->access == ACC_RO) {
		ydiag(d, kn, SEV_ERROR, "%s is read-only: the kernel refuses writes", key);
		return -EINVAL;
	}
	if (k->noop_since)
		ydiag(d, kn, SEV_WARNING, "%s does nothing since Linux %s; drop it", key, k->noop_since);
	else if (k->noop)
		ydiag(d, kn, SEV_WARNING, "%s does nothing on current kernels; drop it", key);
	if (ynode_expect(d, sn, YAML_MAPPING_NODE, "a setting"))
		return -EINVAL;
	if (ymap_check_fields(d, sn, setting_fields, "a setting"))
		err = -EINVAL;

	GROW(p->settings, p->cap, p->n + 1);
	st = &p->settings[p->n];
	memset(st, 0, sizeof(*st));
	st->key = arena_strdup(&ps->arena, key);
	st->knob = k;
	st->profile = p->name;
	st->file = p->file;
	st->line = ynode_line(kn);
	st->col = ynode_col(kn);

	v = ymap_get(d, sn, "value");
	vl = ymap_get(d, sn, "at_least");
	vm = ymap_get(d, sn, "at_most");
	if (v && (vl || vm)) {
		ydiag(d, sn, SEV_ERROR, "%s: give either 'value' or 'at_least'/'at_most', not both", key);
		err = -EINVAL;
	} else if (!v && !vl && !vm) {
		ydiag(d, sn, SEV_ERROR, "%s: a setting needs 'value', 'at_least' or 'at_most'", key);
		err = -EINVAL;
	}
	if ((vl || vm) && !vtype_numeric(k->type)) {
		ydiag(d, vl ? vl : vm, SEV_ERROR, "%s: at_least/at_most need a numeric knob; %s is a %s",
		      key, key, vtype_name(k->type));
		err = -EINVAL;
	}
#define VALUE_FIELD(node, name, dst) \
	do { \
		if (node) { \
			if (ynode_string(d, node, name, &s)) err = -EINVAL; \
			else if (check_value(d, node, k, key, s, name)) err = -EINVAL; \
			else dst = arena_strdup(&ps->arena, s); \
		} \
	} while (0)
	VALUE_FIELD(v, "value", st->value);
	VALUE_FIELD(vl, "at_least", st->at_least);
	VALUE_FIELD(vm, "at_most", st->at_most);
#undef VALUE_FIELD
	if (st->at_least && st->at_most) {
		struct value a, b;
		int i;

		knob_parse(k, st->at_least, 0, &a, NULL, NULL, 0);
		knob_parse(k, st->at_most, 0, &b, NULL, NULL, 0);
		for (i = 0; i < a.nfields && i < b.nfields; i++) {
			if (a.num[i] > b.num[i]) {
				ydiag(d, vl, SEV_ERROR, "%s: at_least %s is above at_most %s", key,
				      st->at_least, st->at_most);
				err = -EINVAL;
				break;
			}
		}
		value_free(&a);
		value_free(&b);
	}
	v = ymap_get(d, sn, "why");
	if (!v) {
		ydiag(d, sn, SEV_ERROR, "%s: every setting needs 'why': one or two sentences for the operator", key);
		err = -EINVAL;
	} else if (!ynode_string(d, v, "why", &s)) {
		char *t = xstrdup(s);

		if (!*str_trim(t)) {
			ydiag(d, v, SEV_ERROR, "%s: 'why' is empty", key);
			err = -EINVAL;
		}
		free(t);
		st->why = arena_strdup(&ps->arena, s);
	} else {
		err = -EINVAL;
	}
	if (!err)
		p->n++;
	return err;
}

static void load_context(struct ydoc *d, yaml_node_t *n, struct profile *p, int *err)
{
	yaml_node_t *v;
	bool b;

	if (ynode_expect(d, n, YAML_MAPPING_NODE, "context")) {
		*err = -EINVAL;
		return;
	}
	if (ymap_check_fields(d, n, context_fields, "context"))
		*err = -EINVAL;
	if ((v = ymap_get(d, n, "clients_behind_nat"))) {
		if (ynode_bool(d, v, "clients_behind_nat", &b))
			*err = -EINVAL;
		else
			p->ctx_nat = b;
	}
	if ((v = ymap_get(d, n, "forwards_traffic"))) {
		if (ynode_bool(d, v, "forwards_traffic", &b))
			*err = -EINVAL;
		else
			p->ctx_fwd = b;
	}
}

int profile_parse(struct profile_set *ps, const char *file, const char *buf, size_t len,
		  struct diags *dg, struct profile *p)
{
	struct ydoc d;
	yaml_node_t *root, *v;
	yaml_node_pair_t *pair;
	const char *s;
	int err;

	memset(p, 0, sizeof(*p));
	p->ctx_nat = p->ctx_fwd = -1;
	p->file = arena_strdup(&ps->arena, file);
	err = ydoc_load(&d, p->file, buf, len, dg);
	if (err)
		goto out;
	root = ydoc_root(&d);
	if (ynode_expect(&d, root, YAML_MAPPING_NODE, "a profile")) {
		err = -EINVAL;
		goto out;
	}
	if (ymap_check_fields(&d, root, profile_fields, "a profile"))
		err = -EINVAL;
	v = ymap_get(&d, root, "name");
	if (!v) {
		ydiag(&d, root, SEV_ERROR, "a profile needs 'name'");
		err = -EINVAL;
	} else if (ynode_string(&d, v, "name", &s)) {
		err = -EINVAL;
	} else if (!name_valid(s)) {
		ydiag(&d, v, SEV_ERROR, "profile name '%s' must be lower-case letters, digits and '-'", s);
		err = -EINVAL;
	} else {
		const char *base = strrchr(file, '/');

		p->name = arena_strdup(&ps->arena, s);
		base = base ? base + 1 : file;
		if (str_endswith(base, ".yaml") && (strlen(base) != strlen(s) + 5 || strncmp(base, s, strlen(s))))
			ydiag(&d, v, SEV_WARNING, "profile '%s' is in a file named '%s': tcptune finds profiles by file name", s, base);
	}
	v = ymap_get(&d, root, "description");
	if (!v) {
		ydiag(&d, root, SEV_ERROR, "a profile needs 'description': one line saying which hosts it is for");
		err = -EINVAL;
	} else if (ynode_string(&d, v, "description", &s)) {
		err = -EINVAL;
	} else {
		p->description = arena_strdup(&ps->arena, s);
	}
	v = ymap_get(&d, root, "extends");
	if (v) {
		if (ynode_string(&d, v, "extends", &s)) {
			err = -EINVAL;
		} else if (!name_valid(s)) {
			ydiag(&d, v, SEV_ERROR, "extends must name a profile ('%s' is not a profile name)", s);
			err = -EINVAL;
		} else {
			p->extends = arena_strdup(&ps->arena, s);
		}
	}
	if ((v = ymap_get(&d, root, "context")))
		load_context(&d, v, p, &err);
	v = ymap_get(&d, root, "settings");
	if (!v) {
		ydiag(&d, root, SEV_ERROR, "a profile needs 'settings'");
		err = -EINVAL;
		goto out;
	}
	if (ynode_is_null(v))
		goto out;	/* "settings:" with nothing: a profile that only extends */
	if (ynode_expect(&d, v, YAML_MAPPING_NODE, "settings")) {
		err = -EINVAL;
		goto out;
	}
	for (pair = ymap_begin(v); pair < ymap_end(v); pair++)
		if (load_setting(ps, &d, p, ydoc_node(&d, pair->key), ydoc_node(&d, pair->value)))
			err = -EINVAL;
out:
	ydoc_free(&d);
	return err;
}

static const struct profile_source *find_source(struct profile_set *ps, const char *name, size_t from)
{
	size_t i;

	for (i = from; i < ps->n; i++)
		if (strcmp(ps->v[i].name, name) == 0)
			return &ps->v[i];
	return NULL;
}

/* Parse a source (reading its file if it is not built in). */
static int parse_source(struct profile_set *ps, const char *path, const struct profile_source *src,
			struct diags *dg, struct profile *out)
{
	char *buf = NULL;
	size_t len = 0;
	int r;

	if (src && src->buf)
		return profile_parse(ps, src->path, src->buf, src->len, dg, out);
	r = read_file(path, PROFILE_MAX_BYTES, &buf, &len);
	if (r) {
		diag_add(dg, SEV_ERROR, path, 0, 0, "cannot read the profile: %s%s", strerror(-r),
			 r == -EFBIG ? " (profiles are at most 1 MiB)" : "");
		return r == -ENOENT ? -ENOENT : -EINVAL;
	}
	r = profile_parse(ps, path, buf, len, dg, out);
	free(buf);
	return r;
}

static void merge_settings(struct profile_set *ps, struct profile *dst, const struct profile *src)
{
	size_t i, j;

	for (i = 0; i < src->n; i++) {
		for (j = 0; j < dst->n; j++)
			if (strcmp(dst->settings[j].key, src->settings[i].key) == 0)
				break;
		if (j == dst->n) {
			GROW(dst->settings, dst->cap, dst->n + 1);
			dst->n++;
		}
		dst->settings[j] = src->settings[i];
	}
	(void)ps;
}

static int resolve_chain(struct profile_set *ps, const char *path, const struct profile_source *src,
			 size_t from, struct diags *dg, struct profile *out);

int profile_resolve_source(struct profile_set *ps, size_t idx, struct diags *dg, struct profile *out)
{
	return resolve_chain(ps, ps->v[idx].path, &ps->v[idx], idx + 1, dg, out);
}

int profile_resolve(struct profile_set *ps, const char *arg, struct diags *dg, struct profile *out)
{
	const struct profile_source *src;
	size_t i;

	if (profile_arg_is_path(arg))
		return resolve_chain(ps, arg, NULL, 0, dg, out);
	src = find_source(ps, arg, 0);
	if (!src) {
		const char *best = NULL;
		size_t bestd = (size_t)-1;

		memset(out, 0, sizeof(*out));
		for (i = 0; i < ps->n; i++) {
			size_t dd = edit_distance(ps->v[i].name, arg);

			if (dd < bestd) {
				bestd = dd;
				best = ps->v[i].name;
			}
		}
		if (best && bestd <= 3)
			diag_add(dg, SEV_ERROR, NULL, 0, 0, "no profile named '%s' (did you mean '%s'?); `tcptune profiles` lists them", arg, best);
		else
			diag_add(dg, SEV_ERROR, NULL, 0, 0, "no profile named '%s'; `tcptune profiles` lists them", arg);
		return -ENOENT;
	}
	return resolve_chain(ps, src->path, src, (size_t)(src - ps->v) + 1, dg, out);
}

static int resolve_chain(struct profile_set *ps, const char *path, const struct profile_source *src,
			 size_t from, struct diags *dg, struct profile *out)
{
	struct profile chain[EXTENDS_MAX_DEPTH];
	size_t depth = 0, i;
	int r = 0;

	memset(out, 0, sizeof(*out));
	out->ctx_nat = out->ctx_fwd = -1;
	for (;;) {
		struct profile *p = &chain[depth];

		memset(p, 0, sizeof(*p));	/* a file that cannot be read is never parsed */
		r = parse_source(ps, path, src, dg, p);
		if (r) {
			free(p->settings);	/* parsed up to the error */
			goto out;
		}
		if (p->name)
			p->origin = src ? src->origin : "path";
		depth++;
		if (!p->extends)
			break;
		/* a cycle is an error naming it: a -> b -> a */
		for (i = 0; i < depth; i++) {
			if (chain[i].name && strcmp(chain[i].name, p->extends) == 0 &&
			    strcmp(p->extends, p->name) != 0) {
				struct strbuf sb = STRBUF_INIT;
				size_t j;

				for (j = i; j < depth; j++)
					sb_addf(&sb, "%s -> ", chain[j].name);
				sb_add(&sb, p->extends);
				diag_add(dg, SEV_ERROR, p->file, 0, 0, "extends cycle: %s", sb_str(&sb));
				sb_release(&sb);
				r = -EINVAL;
				goto out;
			}
		}
		if (depth == EXTENDS_MAX_DEPTH) {
			diag_add(dg, SEV_ERROR, p->file, 0, 0, "extends chain deeper than %d profiles", EXTENDS_MAX_DEPTH);
			r = -EINVAL;
			goto out;
		}
		/*
		 * A profile extending its own name (an /etc file refining the
		 * built-in one) continues the search after its own source.
		 */
		src = find_source(ps, p->extends, strcmp(p->extends, p->name) == 0 ? from : 0);
		if (!src) {
			diag_add(dg, SEV_ERROR, p->file, 0, 0, "profile '%s' extends '%s', which does not exist",
				 p->name, p->extends);
			r = -EINVAL;
			goto out;
		}
		from = (size_t)(src - ps->v) + 1;
		path = src->path;
	}
	/* merge base first; the named profile's own fields win */
	*out = chain[0];
	out->settings = NULL;
	out->n = out->cap = 0;
	out->chain = arena_alloc(&ps->arena, depth * sizeof(*out->chain));
	for (i = depth; i-- > 0;) {
		merge_settings(ps, out, &chain[i]);
		if (chain[i].ctx_nat >= 0)
			out->ctx_nat = chain[i].ctx_nat;
		if (chain[i].ctx_fwd >= 0)
			out->ctx_fwd = chain[i].ctx_fwd;
		out->chain[out->nchain++] = chain[i].name;
	}
out:
	for (i = 0; i < depth; i++)
		free(chain[i].settings);
	return r;
}

const struct setting *profile_setting(const struct profile *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->settings[i].key, key) == 0)
			return &p->settings[i];
	return NULL;
}
