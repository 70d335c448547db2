// SPDX-License-Identifier: GPL-2.0-or-later
#include "rules.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "key.h"
#include "yamldoc.h"

static const char *const rule_fields[] = {
	"id", "severity", "category", "summary", "description", "fix", "scope",
	"check", "when", "at", "message", NULL,
};

static const char *const categories[] = {
	"syntax", "key", "value", "relation", "folklore", "context", NULL,
};

static const char *const op_names[] = {
	[OP_EQ] = "eq", [OP_NE] = "ne", [OP_LT] = "lt", [OP_LE] = "le", [OP_GT] = "gt", [OP_GE] = "ge",
};

static const char *const context_names[] = { "clients_behind_nat", "forwards_traffic", NULL };

struct loader {
	struct ruleset *rs;
	const struct catalog *cat;
	struct ydoc *d;
	struct rule *r;
	size_t capkeys;
	int err;
};

static void note_key(struct loader *L, const char *key)
{
	struct rule *r = L->r;
	size_t i;

	for (i = 0; i < r->nkeys; i++)
		if (strcmp(r->keys[i], key) == 0)
			return;
	/* keys live in the arena; the pointer array is grown by hand */
	if (r->nkeys == L->capkeys) {
		const char **nk = arena_alloc(&L->rs->arena, (L->capkeys * 2 + 4) * sizeof(*nk));

		if (r->nkeys)
			memcpy(nk, r->keys, r->nkeys * sizeof(*nk));
		r->keys = nk;
		L->capkeys = L->capkeys * 2 + 4;
	}
	r->keys[r->nkeys++] = key;
}

static const char *load_key(struct loader *L, yaml_node_t *n)
{
	char norm[KEY_MAX + 1];
	const char *s;

	if (ynode_string(L->d, n, "key", &s)) {
		L->err = -EINVAL;
		return NULL;
	}
	if (key_normalize(s, norm, sizeof(norm))) {
		ydiag(L->d, n, SEV_ERROR, "'%s' is not a valid sysctl key", s);
		L->err = -EINVAL;
		return NULL;
	}
	if (L->cat && !catalog_find(L->cat, norm)) {
		const char *sugg = catalog_suggest(L->cat, norm);

		ydiag(L->d, n, SEV_ERROR, "rule %s names '%s', which is not in the knob catalog%s%s%s",
		      L->r->id ? L->r->id : "?", norm, sugg ? " (did you mean '" : "",
		      sugg ? sugg : "", sugg ? "'?)" : "");
		L->err = -EINVAL;
	}
	s = arena_strdup(&L->rs->arena, norm);
	note_key(L, s);
	return s;
}

static int load_field(struct loader *L, yaml_node_t *map, int *field)
{
	yaml_node_t *v = ymap_get(L->d, map, "field");
	long long f;

	*field = -1;
	if (!v)
		return 0;
	if (ynode_llong(L->d, v, "field", &f) || f < 0 || f >= VALUE_MAX_FIELDS) {
		ydiag(L->d, v, SEV_ERROR, "field must be 0..%d", VALUE_MAX_FIELDS - 1);
		L->err = -EINVAL;
		return -EINVAL;
	}
	*field = (int)f;
	return 0;
}

static void load_operand(struct loader *L, yaml_node_t *n, struct operand *o)
{
	static const char *const fields[] = { "key", "field", NULL };

	memset(o, 0, sizeof(*o));
	o->field = -1;
	if (n->type == YAML_SCALAR_NODE && ynode_scalar(n) && strcmp(ynode_scalar(n), "default") == 0) {
		o->kind = OPD_DEFAULT;
		return;
	}
	if (n->type == YAML_MAPPING_NODE) {
		yaml_node_t *k = ymap_get(L->d, n, "key");

		if (ymap_check_fields(L->d, n, fields, "an operand"))
			L->err = -EINVAL;
		if (!k) {
			ydiag(L->d, n, SEV_ERROR, "an operand mapping needs 'key'");
			L->err = -EINVAL;
			return;
		}
		o->kind = OPD_KEY;
		o->key = load_key(L, k);
		load_field(L, n, &o->field);
		return;
	}
	o->kind = OPD_INT;
	if (ynode_llong(L->d, n, "an operand (integer, {key: K} or default)", &o->num))
		L->err = -EINVAL;
}

static struct cond *load_cond(struct loader *L, yaml_node_t *n, int depth);

static struct cond *load_list(struct loader *L, yaml_node_t *n, enum cond_kind kind, int depth)
{
	struct cond *c = arena_alloc(&L->rs->arena, sizeof(*c));
	yaml_node_item_t *it;
	size_t i = 0;

	c->kind = kind;
	if (ynode_expect(L->d, n, YAML_SEQUENCE_NODE, kind == C_ALL ? "all" : "any")) {
		L->err = -EINVAL;
		return c;
	}
	c->nkids = (size_t)(yseq_end(n) - yseq_begin(n));
	c->kids = arena_alloc(&L->rs->arena, (c->nkids + 1) * sizeof(*c->kids));
	for (it = yseq_begin(n); it < yseq_end(n); it++)
		c->kids[i++] = load_cond(L, ydoc_node(L->d, *it), depth + 1);
	return c;
}

static struct cond *load_cond(struct loader *L, yaml_node_t *n, int depth)
{
	struct cond *c = arena_alloc(&L->rs->arena, sizeof(*c));
	yaml_node_t *v;
	size_t i;

	c->field = -1;
	if (depth > 32) {
		ydiag(L->d, n, SEV_ERROR, "condition nested too deeply");
		L->err = -EINVAL;
		return c;
	}
	if (ynode_expect(L->d, n, YAML_MAPPING_NODE, "a condition")) {
		L->err = -EINVAL;
		return c;
	}
	if ((v = ymap_get(L->d, n, "all")))
		return load_list(L, v, C_ALL, depth);
	if ((v = ymap_get(L->d, n, "any")))
		return load_list(L, v, C_ANY, depth);
	if ((v = ymap_get(L->d, n, "not"))) {
		c->kind = C_NOT;
		c->nkids = 1;
		c->kids = arena_alloc(&L->rs->arena, sizeof(*c->kids));
		c->kids[0] = load_cond(L, v, depth + 1);
		return c;
	}
	if ((v = ymap_get(L->d, n, "set"))) {
		c->kind = C_SET;
		c->key = load_key(L, v);
		return c;
	}
	if ((v = ymap_get(L->d, n, "context"))) {
		static const char *const fields[] = { "context", "is", NULL };
		const char *s;
		bool ok = false;

		c->kind = C_CONTEXT;
		c->ctx_is = true;
		if (ymap_check_fields(L->d, n, fields, "a context condition"))
			L->err = -EINVAL;
		if (ynode_string(L->d, v, "context", &s)) {
			L->err = -EINVAL;
			return c;
		}
		for (i = 0; context_names[i]; i++)
			ok |= strcmp(s, context_names[i]) == 0;
		if (!ok) {
			ydiag(L->d, v, SEV_ERROR, "unknown context '%s' (clients_behind_nat, forwards_traffic)", s);
			L->err = -EINVAL;
		}
		c->ctx = arena_strdup(&L->rs->arena, s);
		if ((v = ymap_get(L->d, n, "is")) && ynode_bool(L->d, v, "is", &c->ctx_is))
			L->err = -EINVAL;
		return c;
	}
	if ((v = ymap_get(L->d, n, "kernel"))) {
		const char *s = NULL;
		int found = 0;

		c->kind = C_KERNEL;
		if (ynode_expect(L->d, v, YAML_MAPPING_NODE, "kernel")) {
			L->err = -EINVAL;
			return c;
		}
		for (i = 0; i < ARRAY_SIZE(op_names); i++) {
			yaml_node_t *x = ymap_get(L->d, v, op_names[i]);

			if (!x)
				continue;
			found++;
			c->op = (enum cmp_op)i;
			if (ynode_string(L->d, x, "kernel version", &s) || !kver_string_valid(s) ||
			    kver_parse(s, &c->kver)) {
				ydiag(L->d, x, SEV_ERROR, "kernel version must look like \"4.12\"");
				L->err = -EINVAL;
			}
		}
		if (found != 1) {
			ydiag(L->d, v, SEV_ERROR, "kernel needs exactly one of eq, ne, lt, le, gt, ge");
			L->err = -EINVAL;
		}
		return c;
	}
	if ((v = ymap_get(L->d, n, "key"))) {
		static const char *const fields[] = {
			"key", "field", "eq", "ne", "lt", "le", "gt", "ge", "parity_eq",
			"bits_outside", "comment_matches", NULL,
		};
		int found = 0;

		if (ymap_check_fields(L->d, n, fields, "a key condition"))
			L->err = -EINVAL;
		c->key = load_key(L, v);
		load_field(L, n, &c->field);
		for (i = 0; i < ARRAY_SIZE(op_names); i++) {
			yaml_node_t *x = ymap_get(L->d, n, op_names[i]);

			if (!x)
				continue;
			found++;
			c->kind = C_CMP;
			c->op = (enum cmp_op)i;
			load_operand(L, x, &c->rhs);
		}
		if ((v = ymap_get(L->d, n, "parity_eq"))) {
			found++;
			c->kind = C_PARITY;
			load_operand(L, v, &c->rhs);
		}
		if ((v = ymap_get(L->d, n, "bits_outside"))) {
			long long m;

			found++;
			c->kind = C_BITS_OUTSIDE;
			if (ynode_llong(L->d, v, "bits_outside", &m))
				L->err = -EINVAL;
			c->mask = (unsigned long long)m;
		}
		if ((v = ymap_get(L->d, n, "comment_matches"))) {
			const char *s;
			regex_t *re;

			found++;
			c->kind = C_COMMENT;
			if (ynode_string(L->d, v, "comment_matches", &s)) {
				L->err = -EINVAL;
				return c;
			}
			c->re_src = arena_strdup(&L->rs->arena, s);
			re = xmalloc(sizeof(*re));
			if (regcomp(re, s, REG_EXTENDED | REG_ICASE | REG_NOSUB)) {
				ydiag(L->d, v, SEV_ERROR, "comment_matches: '%s' is not a valid extended regex", s);
				free(re);
				L->err = -EINVAL;
				return c;
			}
			GROW(L->rs->regexes, L->rs->capre, L->rs->nre + 1);
			L->rs->regexes[L->rs->nre++] = re;
			c->re = re;
		}
		if (found != 1) {
			ydiag(L->d, n, SEV_ERROR, "a key condition needs exactly one of eq, ne, lt, le, gt, ge, parity_eq, bits_outside, comment_matches");
			L->err = -EINVAL;
		}
		return c;
	}
	ydiag(L->d, n, SEV_ERROR, "unknown condition: expected all, any, not, key, set, context or kernel");
	L->err = -EINVAL;
	return c;
}

static bool id_valid(const char *id)
{
	return strlen(id) == 5 && id[0] == 'T' && id[1] == 'T' && isdigit((unsigned char)id[2]) &&
	       isdigit((unsigned char)id[3]) && isdigit((unsigned char)id[4]);
}

static int rule_cmp(const void *a, const void *b)
{
	return strcmp((*(struct rule *const *)a)->id, (*(struct rule *const *)b)->id);
}

static void load_rule(struct loader *L, yaml_node_t *e)
{
	struct ydoc *d = L->d;
	struct rule *r = arena_alloc(&L->rs->arena, sizeof(*r));
	yaml_node_t *v, *when, *check;
	const char *s;
	struct rule **slot;
	int before = L->err;

	L->err = 0;
	L->r = r;
	L->capkeys = 0;
	r->in_lint = r->in_plan = true;
	r->file = d->file;
	r->line = ynode_line(e);
	if (ynode_expect(d, e, YAML_MAPPING_NODE, "a rule")) {
		L->err = -EINVAL;
		goto out;
	}
	if (ymap_check_fields(d, e, rule_fields, "a rule"))
		L->err = -EINVAL;
#define REQ_STRING(name, dst) \
	do { \
		v = ymap_get(d, e, name); \
		if (!v) { ydiag(d, e, SEV_ERROR, "a rule needs '%s'", name); L->err = -EINVAL; } \
		else if (ynode_string(d, v, name, &s)) L->err = -EINVAL; \
		else dst = arena_strdup(&L->rs->arena, s); \
	} while (0)
	REQ_STRING("id", r->id);
	if (!r->id)
		goto out;
	if (!id_valid(r->id)) {
		ydiag(d, ymap_get(d, e, "id"), SEV_ERROR, "rule id '%s' must be TT and three digits", r->id);
		L->err = -EINVAL;
	}
	REQ_STRING("summary", r->summary);
	REQ_STRING("description", r->description);
	REQ_STRING("fix", r->fix);
	REQ_STRING("category", r->category);
	if (r->category) {
		bool ok = false;
		size_t i;

		for (i = 0; categories[i]; i++)
			ok |= strcmp(r->category, categories[i]) == 0;
		if (!ok) {
			ydiag(d, ymap_get(d, e, "category"), SEV_ERROR,
			      "unknown category '%s' (syntax, key, value, relation, folklore, context)", r->category);
			L->err = -EINVAL;
		}
	}
	v = ymap_get(d, e, "severity");
	if (!v) {
		ydiag(d, e, SEV_ERROR, "a rule needs 'severity'");
		L->err = -EINVAL;
	} else if (ynode_string(d, v, "severity", &s) || severity_from_name(s, &r->sev)) {
		ydiag(d, v, SEV_ERROR, "severity must be error, warning or note");
		L->err = -EINVAL;
	}
	if ((v = ymap_get(d, e, "scope"))) {
		yaml_node_item_t *it;

		r->in_lint = r->in_plan = false;
		if (ynode_expect(d, v, YAML_SEQUENCE_NODE, "scope")) {
			L->err = -EINVAL;
		} else {
			for (it = yseq_begin(v); it < yseq_end(v); it++) {
				yaml_node_t *x = ydoc_node(d, *it);

				if (ynode_string(d, x, "scope", &s)) {
					L->err = -EINVAL;
				} else if (strcmp(s, "lint") == 0) {
					r->in_lint = true;
				} else if (strcmp(s, "plan") == 0) {
					r->in_plan = true;
				} else {
					ydiag(d, x, SEV_ERROR, "scope entries are lint or plan");
					L->err = -EINVAL;
				}
			}
		}
	}
	check = ymap_get(d, e, "check");
	when = ymap_get(d, e, "when");
	if (!!check == !!when) {
		ydiag(d, e, SEV_ERROR, "rule %s needs exactly one of 'check: builtin' or 'when'", r->id);
		L->err = -EINVAL;
	}
	if (check) {
		if (ynode_string(d, check, "check", &s) || strcmp(s, "builtin") != 0) {
			ydiag(d, check, SEV_ERROR, "check must be 'builtin'");
			L->err = -EINVAL;
		}
		r->builtin = true;
	}
	if (when) {
		r->when = load_cond(L, when, 0);
		REQ_STRING("message", r->message);
		v = ymap_get(d, e, "at");
		if (!v) {
			ydiag(d, e, SEV_ERROR, "rule %s needs 'at': the key the finding points at", r->id);
			L->err = -EINVAL;
		} else {
			r->at = load_key(L, v);
		}
	}
#undef REQ_STRING
out:
	if (!L->err && r->id) {
		slot = L->rs->n ? bsearch(&r, L->rs->rules, L->rs->n, sizeof(*L->rs->rules), rule_cmp) : NULL;
		if (slot) {
			*slot = r;	/* an /etc override replaces the built-in rule */
		} else {
			GROW(L->rs->rules, L->rs->cap, L->rs->n + 1);
			L->rs->rules[L->rs->n++] = r;
			qsort(L->rs->rules, L->rs->n, sizeof(*L->rs->rules), rule_cmp);
		}
	}
	if (before)
		L->err = before;
}

int rules_load(struct ruleset *rs, const struct catalog *cat, const char *file,
	       const char *buf, size_t len, struct diags *dg)
{
	static const char *const top_fields[] = { "rules", NULL };
	struct loader L = { .rs = rs, .cat = cat };
	struct ydoc d;
	yaml_node_t *root, *list;
	yaml_node_item_t *it;
	size_t before = diags_count(dg, SEV_ERROR);
	int err;

	file = arena_strdup(&rs->arena, file);
	err = ydoc_load(&d, file, buf, len, dg);
	if (err)
		goto out;
	L.d = &d;
	root = ydoc_root(&d);
	if (ynode_expect(&d, root, YAML_MAPPING_NODE, "a rules file")) {
		err = -EINVAL;
		goto out;
	}
	ymap_check_fields(&d, root, top_fields, "a rules file");
	list = ymap_get(&d, root, "rules");
	if (!list || ynode_expect(&d, list, YAML_SEQUENCE_NODE, "rules")) {
		if (!list)
			ydiag(&d, root, SEV_ERROR, "a rules file needs a 'rules' list");
		err = -EINVAL;
		goto out;
	}
	for (it = yseq_begin(list); it < yseq_end(list); it++)
		load_rule(&L, ydoc_node(&d, *it));
	if (diags_count(dg, SEV_ERROR) > before)
		err = -EINVAL;
out:
	ydoc_free(&d);
	return err;
}

void rules_free(struct ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->nre; i++) {
		regfree(rs->regexes[i]);
		free(rs->regexes[i]);
	}
	free(rs->regexes);
	free(rs->rules);
	arena_free(&rs->arena);
	memset(rs, 0, sizeof(*rs));
}

const struct rule *rules_find(const struct ruleset *rs, const char *id)
{
	struct rule probe = { .id = id }, *pp = &probe, **slot;

	if (!rs->n)
		return NULL;
	slot = bsearch(&pp, rs->rules, rs->n, sizeof(*rs->rules), rule_cmp);
	return slot ? *slot : NULL;
}

/* The number a key or operand stands for; false when unknown. */
static bool key_number(const struct rule_env *env, const char *key, int field, bool want_default,
		       long long *out)
{
	struct value v;
	bool ok = false;
	int f = field < 0 ? 0 : field;

	memset(&v, 0, sizeof(v));
	if (want_default) {
		const struct knob *k = env->catalog ? catalog_find(env->catalog, key) : NULL;

		if (!k || !k->def || knob_parse(k, k->def, 0, &v, NULL, NULL, 0) != VS_OK)
			goto out;
	} else if (!env->get(env->ctx, key, &v)) {
		goto out;
	}
	if (vtype_numeric(v.type) && f < v.nfields) {
		*out = v.num[f];
		ok = true;
	}
out:
	value_free(&v);
	return ok;
}

static bool operand_number(const struct rule_env *env, const struct cond *c, long long *out)
{
	switch (c->rhs.kind) {
	case OPD_INT:
		*out = c->rhs.num;
		return true;
	case OPD_KEY:
		return key_number(env, c->rhs.key, c->rhs.field, false, out);
	case OPD_DEFAULT:
	default:
		return key_number(env, c->key, c->field, true, out);
	}
}

static bool compare(long long a, enum cmp_op op, long long b)
{
	switch (op) {
	case OP_EQ: return a == b;
	case OP_NE: return a != b;
	case OP_LT: return a < b;
	case OP_LE: return a <= b;
	case OP_GT: return a > b;
	case OP_GE: default: return a >= b;
	}
}

static enum tri tri_of(bool b)
{
	return b ? T_TRUE : T_FALSE;
}

enum tri cond_eval(const struct cond *c, const struct rule_env *env)
{
	long long a, b;
	enum tri r, x;
	size_t i;
	int ctx;

	switch (c->kind) {
	case C_ALL:
		r = T_TRUE;
		for (i = 0; i < c->nkids; i++) {
			x = cond_eval(c->kids[i], env);
			if (x == T_FALSE)
				return T_FALSE;
			if (x == T_UNKNOWN)
				r = T_UNKNOWN;
		}
		return r;
	case C_ANY:
		r = T_FALSE;
		for (i = 0; i < c->nkids; i++) {
			x = cond_eval(c->kids[i], env);
			if (x == T_TRUE)
				return T_TRUE;
			if (x == T_UNKNOWN)
				r = T_UNKNOWN;
		}
		return r;
	case C_NOT:
		x = cond_eval(c->kids[0], env);
		return x == T_UNKNOWN ? T_UNKNOWN : tri_of(x == T_FALSE);
	case C_SET:
		return tri_of(env->is_set(env->ctx, c->key));
	case C_CONTEXT:
		ctx = env->context ? env->context(env->ctx, c->ctx) : -1;
		if (ctx < 0)
			return T_UNKNOWN;
		return tri_of((ctx == 1) == c->ctx_is);
	case C_KERNEL:
		if (!env->kernel.known)
			return T_UNKNOWN;
		return tri_of(compare(kver_cmp(&env->kernel, &c->kver), c->op, 0));
	case C_COMMENT: {
		const char *text = env->comment ? env->comment(env->ctx, c->key) : NULL;

		if (!text)
			return T_FALSE;
		return tri_of(regexec(c->re, text, 0, NULL, 0) == 0);
	}
	case C_BITS_OUTSIDE:
		if (!key_number(env, c->key, c->field, false, &a))
			return T_UNKNOWN;
		return tri_of(((unsigned long long)a & ~c->mask) != 0);
	case C_PARITY:
		if (!key_number(env, c->key, c->field, false, &a) || !operand_number(env, c, &b))
			return T_UNKNOWN;
		return tri_of((a & 1) == (b & 1));
	case C_CMP:
	default:
		if (!key_number(env, c->key, c->field, false, &a) || !operand_number(env, c, &b))
			return T_UNKNOWN;
		return tri_of(compare(a, c->op, b));
	}
}

/* Replace {KEY} and {KEY[N]} with the key's value in the message. */
static char *expand_message(const struct rule *r, const struct rule_env *env)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = r->message;

	while (*p) {
		const char *close;
		char name[KEY_MAX + 1], norm[KEY_MAX + 1];
		struct value v;
		size_t n;
		int field = -1;
		char *br;

		if (*p != '{' || !(close = strchr(p, '}')) || (n = (size_t)(close - p - 1)) > KEY_MAX) {
			sb_addc(&sb, *p++);
			continue;
		}
		memcpy(name, p + 1, n);
		name[n] = '\0';
		br = strchr(name, '[');
		if (br) {
			field = atoi(br + 1);
			*br = '\0';
		}
		memset(&v, 0, sizeof(v));
		if (key_normalize(name, norm, sizeof(norm)) || !env->get(env->ctx, norm, &v)) {
			sb_addn(&sb, p, n + 2);
		} else if (field >= 0 && vtype_numeric(v.type)) {
			if (field < v.nfields)
				sb_addf(&sb, "%lld", v.num[field]);
			else
				sb_add(&sb, "?");
		} else {
			char *s = value_conf_form(&v);

			sb_add(&sb, s);
			free(s);
		}
		value_free(&v);
		p = close + 1;
	}
	return sb_detach(&sb);
}

void rules_eval(const struct ruleset *rs, bool plan_scope, const struct rule_env *env,
		rule_emit_fn emit, void *arg)
{
	size_t i, j;

	for (i = 0; i < rs->n; i++) {
		const struct rule *r = rs->rules[i];
		const char *at = NULL;
		char *msg;

		if (r->builtin || !r->when || !(plan_scope ? r->in_plan : r->in_lint))
			continue;
		/* defaults alone never produce a finding: the input must set a key */
		if (env->is_set(env->ctx, r->at)) {
			at = r->at;
		} else {
			for (j = 0; j < r->nkeys && !at; j++)
				if (env->is_set(env->ctx, r->keys[j]))
					at = r->keys[j];
		}
		if (!at || cond_eval(r->when, env) != T_TRUE)
			continue;
		msg = expand_message(r, env);
		emit(arg, r, at, msg);
		free(msg);
	}
}
