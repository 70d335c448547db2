// SPDX-License-Identifier: GPL-2.0-or-later
#include "lint.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "key.h"

static void note_comment_keys(struct lint *l, const struct cond *c)
{
	size_t i;

	if (c->kind == C_COMMENT && c->key)
		strmap_put(&l->comment_keys, c->key, (void *)1);
	for (i = 0; i < c->nkids; i++)
		note_comment_keys(l, c->kids[i]);
}

void lint_init(struct lint *l, const struct catalog *cat, const struct ruleset *rules,
	       const struct lint_opts *opt)
{
	size_t i;

	memset(l, 0, sizeof(*l));
	l->cat = cat;
	l->rules = rules;
	l->opt = *opt;
	for (i = 0; i < rules->n; i++)
		if (rules->rules[i]->when)
			note_comment_keys(l, rules->rules[i]->when);
}

void lint_free(struct lint *l)
{
	struct strmap_slot *s;

	strmap_foreach(&l->comments, s)
		free(s->val);
	strmap_free(&l->comments);
	strmap_free(&l->comment_keys);
	strmap_free(&l->keys);
	diags_free(&l->out);
	resolution_free(&l->res);
	free(l->sup);
	arena_free(&l->arena);
}

static bool rule_disabled(const struct lint *l, const char *id)
{
	const char *const *d;

	for (d = l->opt.disabled; d && *d; d++)
		if (strcmp(*d, id) == 0)
			return true;
	return false;
}

/* What lint needs of a key, looked up once per distinct key: trees repeat them. */
struct lint_key {
	const struct knob *k;
	struct lint_key *var;	/* the entry duplicates are counted on (an alias's target) */
	bool comment;		/* a rule's comment_matches reads its comments */
	bool suggested;
	const char *suggest;	/* "did you mean", or NULL */
	size_t file;		/* the file (l->files) that last set it, and where */
	int line;
	signed char iface;	/* interface exists: 1, missing: 0, unknown: -1 */
	signed char glob;	/* a glob or exclusion matches: 1, not: 0, unknown: -1 */
};

static struct lint_key *key_info(struct lint *l, const char *key)
{
	struct lint_key *lk = strmap_get(&l->keys, key);

	if (!lk) {
		lk = arena_alloc(&l->arena, sizeof(*lk));
		lk->k = catalog_find(l->cat, key);
		lk->comment = strmap_get(&l->comment_keys, key) != NULL;
		lk->iface = -1;
		lk->glob = -1;
		lk->var = lk;
		strmap_put(&l->keys, arena_strdup(&l->arena, key), lk);
		/* net.nf_conntrack_max and net.netfilter.nf_conntrack_max are one variable */
		if (lk->k && lk->k->alias_of)
			lk->var = key_info(l, lk->k->alias_of);
	}
	return lk;
}

/* Report a builtin rule's finding; sev < 0 means the rule's own severity. */
static struct diag *report(struct lint *l, const char *id, int sev, const char *path, int line, int col,
			   const char *key, const char *fmt, ...) __attribute__((format(printf, 8, 9)));

static struct diag *report(struct lint *l, const char *id, int sev, const char *path, int line, int col,
			   const char *key, const char *fmt, ...)
{
	const struct rule *r = rules_find(l->rules, id);
	struct strbuf sb = STRBUF_INIT;
	struct diag *d;
	va_list ap;

	if (!r || !r->in_lint || rule_disabled(l, id))
		return NULL;
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	d = diag_add(&l->out, sev < 0 ? r->sev : (enum severity)sev, path, line, col, "%s", sb_str(&sb));
	diag_set_id(d, id, key);
	sb_release(&sb);
	return d;
}

static bool kernel_before(const struct lint *l, const char *version)
{
	struct kver v;

	return l->opt.kernel.known && version && !kver_parse(version, &v) && kver_cmp(&l->opt.kernel, &v) < 0;
}

static const char *kernel_name(const struct lint *l, char *buf, size_t len)
{
	if (!l->opt.kernel.known)
		return "current kernels";
	snprintf(buf, len, "Linux %d.%d", l->opt.kernel.major, l->opt.kernel.minor);
	return buf;
}

static void check_unknown(struct lint *l, struct conf_file *cf, const struct conf_assign *a)
{
	const char *sugg;
	mode_t mode;

	if (l->opt.running && l->opt.running->mode(l->opt.running->ctx, a->key, &mode) == 0)
		return;	/* the kernel has it; tcptune simply has no advice */
	{
		struct lint_key *lk = key_info(l, a->key);

		if (!lk->suggested) {
			lk->suggest = catalog_suggest(l->cat, a->key);
			lk->suggested = true;
		}
		sugg = lk->suggest;
	}
	/*
	 * Without the target machine only a near miss is surely a typo: a
	 * real key tcptune does not catalogue (tcp_ecn) is merely unchecked.
	 */
	if (sugg && l->opt.running)
		report(l, "TT201", -1, cf->path, a->line, a->col, a->key,
		       "unknown key '%s' (did you mean '%s'?): sysctl -p fails on it and systemd-sysctl skips it",
		       a->key, sugg);
	else if (sugg && edit_distance(sugg, a->key) <= 2)
		report(l, "TT201", SEV_WARNING, cf->path, a->line, a->col, a->key,
		       "'%s' is not in tcptune's catalog and is probably a typo of '%s' (if the kernel has it, suppress this with '# tcptune: disable=TT201')",
		       a->key, sugg);
	else if (l->opt.running)
		report(l, "TT201", -1, cf->path, a->line, a->col, a->key,
		       "unknown key '%s': neither tcptune's catalog nor this kernel has it; sysctl -p fails on it",
		       a->key);
	else
		report(l, "TT201", SEV_NOTE, cf->path, a->line, a->col, a->key,
		       "'%s' is not in tcptune's catalog, so it cannot be checked (lint on the target machine to check that the kernel has it)%s%s%s",
		       a->key, sugg ? "; did you mean '" : "", sugg ? sugg : "", sugg ? "'?" : "");
}

static void check_value(struct lint *l, struct conf_file *cf, const struct conf_assign *a, const struct knob *k)
{
	struct value_notes notes;
	struct value v;
	char err[256];
	enum value_status st;
	int i;

	if (!*a->value)
		return;	/* TT102 already */
	st = knob_parse(k, a->value, l->opt.hz, &v, &notes, err, sizeof(err));
	if (st == VS_SYNTAX) {
		report(l, "TT301", -1, cf->path, a->line, a->vcol, a->key,
		       "%s = %s: %s; the write fails with EINVAL at boot", a->key, a->value, err);
		goto out;
	}
	if (st == VS_RANGE) {
		report(l, "TT303", -1, cf->path, a->line, a->vcol, a->key,
		       "%s = %s: %s%s; the write fails with EINVAL at boot and the old value stays", a->key, a->value,
		       err, notes.octal ? " (a leading zero makes the kernel read the number as octal)" : "");
		goto out;
	}
	if (st != VS_OK)
		goto out;
	if (notes.octal) {
		char *canon = value_conf_form(&v);

		report(l, "TT302", -1, cf->path, a->line, a->vcol, a->key,
		       "%s = %s: a leading zero makes the kernel read the number as octal, so it sets %s; write it without the zero",
		       a->key, a->value, canon);
		free(canon);
	}
	if (k->type == VT_VECTOR && notes.fields_given != k->fields)
		report(l, "TT305", -1, cf->path, a->line, a->vcol, a->key,
		       "%s takes %d numbers, this line has %d: %s", a->key, k->fields, notes.fields_given,
		       notes.fields_given < k->fields ? "the kernel leaves the missing slots unchanged" :
						       "the kernel ignores the extra ones");
	else if (k->type != VT_VECTOR && vtype_numeric(k->type) && notes.fields_given > 1)
		report(l, "TT305", -1, cf->path, a->line, a->vcol, a->key,
		       "%s takes one number, this line has %d: the kernel applies only the first", a->key,
		       notes.fields_given);
	if (vtype_numeric(k->type) && (k->meaningful.has_min || k->meaningful.has_max)) {
		for (i = 0; i < v.nfields; i++) {
			if ((k->meaningful.has_min && v.num[i] < k->meaningful.min) ||
			    (k->meaningful.has_max && v.num[i] > k->meaningful.max)) {
				report(l, "TT304", -1, cf->path, a->line, a->vcol, a->key,
				       "%s = %lld is accepted but means nothing beyond %lld..%lld (`tcptune explain %s` says what it does)",
				       a->key, v.num[i], k->meaningful.min, k->meaningful.max, a->key);
				break;
			}
		}
	}
	if (k->type == VT_BITMASK && k->nbits && ((unsigned long long)v.num[0] & ~k->known_bits))
		report(l, "TT306", -1, cf->path, a->line, a->vcol, a->key,
		       "%s = %s sets bits 0x%llx that are not known flags (known: 0x%llx)", a->key, a->value,
		       (unsigned long long)v.num[0] & ~k->known_bits, k->known_bits);
	if (strcmp(k->key, "fs.file-max") == 0 && l->opt.mem_kib && v.nfields &&
	    (unsigned long long)v.num[0] < l->opt.mem_kib / 10)
		report(l, "TT506", -1, cf->path, a->line, a->vcol, a->key,
		       "fs.file-max = %s is below the kernel's own default for this machine's memory (about %llu, one file per 10 KiB of RAM): this line lowers the limit",
		       a->value, l->opt.mem_kib / 10);
out:
	value_free(&v);
}

static void check_versions(struct lint *l, struct conf_file *cf, const struct conf_assign *a, const struct knob *k)
{
	char kb[32];
	size_t i;

	if (knob_gone(k, &l->opt.kernel)) {
		if (k->removed)
			report(l, "TT202", -1, cf->path, a->line, a->col, a->key,
			       "%s was removed in Linux %s: on %s the key does not exist, so `sysctl -p` fails on this line and systemd-sysctl logs an error",
			       a->key, k->removed, kernel_name(l, kb, sizeof(kb)));
		else
			report(l, "TT202", -1, cf->path, a->line, a->col, a->key,
			       "%s does not exist on current kernels: `sysctl -p` fails on this line (`tcptune explain %s` says what it was)",
			       a->key, a->key);
		return;
	}
	if (kernel_before(l, k->added))
		report(l, "TT206", -1, cf->path, a->line, a->col, a->key,
		       "%s was added in Linux %s; on %s the key does not exist", a->key, k->added,
		       kernel_name(l, kb, sizeof(kb)));
	if (k->noop_since && !kernel_before(l, k->noop_since))
		report(l, "TT204", -1, cf->path, a->line, a->col, a->key,
		       "%s does nothing since Linux %s: the kernel accepts the write and ignores it", a->key,
		       k->noop_since);
	else if (k->noop && !k->noop_since)
		report(l, "TT204", -1, cf->path, a->line, a->col, a->key,
		       "%s does nothing on current kernels: the kernel accepts the write and ignores it", a->key);
	if (!l->opt.kernel_given)
		return;
	/* the default on the target kernel: the last history default at or before it */
	{
		const char *then = NULL, *changed_in = NULL, *note = NULL;

		for (i = 0; i < k->nhistory; i++) {
			const struct knob_history *h = &k->history[i];

			if (!h->def)
				continue;
			if (!kernel_before(l, h->version))
				then = h->def;
			else if (!changed_in) {
				changed_in = h->version;
				note = h->note;
			}
		}
		if (changed_in && k->def && (!then || strcmp(then, k->def) != 0)) {
			char *why = note ? xasprintf(" (%s)", note) : xstrdup("");

			report(l, "TT605", -1, cf->path, a->line, a->col, a->key,
			       "on %s the default of %s is %s%s, not %s: the default changed in Linux %s%s",
			       kernel_name(l, kb, sizeof(kb)), a->key, then ? then : "different",
			       then ? "" : " from today's", k->def, changed_in, why);
			free(why);
		}
	}
}

static void check_place(struct lint *l, struct conf_file *cf, const struct conf_assign *a, const struct knob *k,
			struct lint_key *lk)
{
	char iface[64];

	if (k->access == ACC_RO)
		report(l, "TT203", -1, cf->path, a->line, a->col, a->key,
		       "%s is read-only: the kernel refuses the write", a->key);
	else if (k->access == ACC_WO)
		report(l, "TT203", -1, cf->path, a->line, a->col, a->key,
		       "%s is write-only: it triggers an action (it holds no setting), so a boot-time file only repeats that action",
		       a->key);
	if (l->opt.running && knob_iface(k, a->key, iface, sizeof(iface)) && strcmp(iface, "all") &&
	    strcmp(iface, "default")) {
		char *dir = xstrdup(a->key), *dot = strrchr(dir, '.');

		if (dot)
			*dot = '\0';
		/* asked once per key: a tree repeats its interface lines */
		if (lk->iface < 0)
			lk->iface = l->opt.running->dir_exists(l->opt.running->ctx, dir);
		if (!lk->iface)
			report(l, "TT205", -1, cf->path, a->line, a->col, a->key,
			       "interface '%s' does not exist on this machine, so %s cannot be set (the write fails at boot unless the line starts with '-')",
			       iface, a->key);
		free(dir);
	}
	if (l->opt.ctx_container == 1 &&
	    (k->netns == NETNS_ABSENT || k->netns == NETNS_READONLY || k->netns == NETNS_NONE ||
	     k->kubernetes == K8S_NODE))
		report(l, "TT207", -1, cf->path, a->line, a->col, a->key,
		       "%s is a global knob (%s): a container cannot set it", a->key, knob_netns_text(k->netns));
}

static bool catalog_glob_hit(const struct lint *l, const char *pattern)
{
	size_t i;
	bool hit = false;

	for (i = 0; i < l->cat->n && !hit; i++) {
		const struct knob *k = l->cat->knobs[i];

		if (k->pattern) {
			/* net.ipv4.conf.<iface>.rp_filter stands for ...conf.all.rp_filter and friends */
			char *all = xstrdup(k->key), *p = strstr(all, "<iface>");

			memmove(p + 3, p + 7, strlen(p + 7) + 1);
			memcpy(p, "all", 3);
			hit = fnmatch(pattern, all, 0) == 0;
			free(all);
		} else {
			hit = fnmatch(pattern, k->key, 0) == 0;
		}
	}
	return hit;
}

static void check_glob(struct lint *l, struct conf_file *cf, const struct conf_assign *a)
{
	const struct sysview *sv = l->opt.running;
	struct lint_key *lk = key_info(l, a->key);
	mode_t mode;
	bool hit;

	if (lk->glob >= 0) {
		hit = lk->glob;	/* the same glob was expanded before */
	} else if (!a->glob) {
		/* "-net.ipv4.conf.lo.rp_filter": an exclusion of one plain key */
		hit = sv ? sv->mode(sv->ctx, a->key, &mode) == 0 : catalog_find(l->cat, a->key) != NULL;
	} else if (sv && sv->glob) {
		/* on this machine: expand it as systemd-sysctl would */
		hit = sv->glob(sv->ctx, a->key);
	} else {
		hit = catalog_glob_hit(l, a->key);
	}
	lk->glob = hit;
	if (!hit)
		report(l, "TT105", -1, cf->path, a->line, a->col, a->key,
		       "%s '%s' matches no key %s", a->exclude ? "exclusion" : "glob", a->key,
		       sv ? "on this machine" : "tcptune knows");
}

static void remember_comment(struct lint *l, struct conf_file *cf, const struct conf_assign *a,
			     const struct lint_key *lk)
{
	char *c, *old;

	/* only keys whose comments a rule reads (comment_matches) are worth a copy */
	if (!lk->comment)
		return;
	c = conf_comment(cf, a);
	if (!c && !strmap_get(&l->comments, a->key))
		return;
	if (!strmap_get(&l->comments, a->key)) {
		strmap_put(&l->comments, arena_strdup(&l->arena, a->key), c);
		return;
	}
	old = strmap_put(&l->comments, a->key, c);
	free(old);
}

void lint_file(struct lint *l, struct conf_file *cf)
{
	size_t i;

	l->files++;
	for (i = 0; i < cf->nsup; i++) {
		struct lint_sup *s;

		GROW(l->sup, l->capsup, l->nsup + 1);
		s = &l->sup[l->nsup++];
		s->path = arena_strdup(&l->arena, cf->path);
		s->id = arena_strdup(&l->arena, cf->sup[i].id);
		s->line = cf->sup[i].line;
		s->col = cf->sup[i].col;
		s->target_line = cf->sup[i].target_line;
		s->file_wide = cf->sup[i].file_wide;
		s->used = false;
	}
	for (i = 0; i < cf->n; i++) {
		const struct conf_assign *a = &cf->a[i];
		struct lint_key *lk;
		const struct knob *k;

		l->lines++;
		if (a->glob || a->exclude) {
			check_glob(l, cf, a);
			continue;
		}
		if (a->key_valid && a->respelled)
			report(l, "TT101", SEV_WARNING, cf->path, a->line, a->col, a->key,
			       "the key has repeated or trailing separators: systemd-sysctl reads it as %s; write it that way",
			       a->key);
		if (!a->key_valid) {
			report(l, "TT101", SEV_ERROR, cf->path, a->line, a->col, NULL,
			       "'%s' is not a valid sysctl key: names are letters, digits, '_' and '-', separated by '.' or '/'",
			       a->key);
			continue;
		}
		lk = key_info(l, a->key);
		k = lk->k;
		if (lk->var->file == l->files)
			report(l, "TT103", -1, cf->path, a->line, a->col, a->key,
			       "%s is set again (first on line %d%s): this later line wins", a->key,
			       lk->var->line, lk->var != lk ? ", under another name for the same variable" : "");
		else
			lk->var->line = a->line;
		lk->var->file = l->files;
		remember_comment(l, cf, a, lk);
		if (!k) {
			check_unknown(l, cf, a);
			continue;
		}
		check_versions(l, cf, a, k);
		check_place(l, cf, a, k, lk);
		check_value(l, cf, a, k);
	}
}

/* The rule environment: values the files produce (systemd winners). */
static bool env_get(void *ctx, const char *key, struct value *out)
{
	struct lint *l = ctx;
	const struct rkey *rk = resolution_find(&l->res, key);
	const struct knob *k = catalog_find(l->cat, key);
	const char *text = NULL;

	if (!k)
		return false;
	if (rk && rk->sd.path)
		text = rk->sd.value;
	else if (k->def && !knob_gone(k, &l->opt.kernel))
		text = k->def;
	if (!text || knob_parse(k, text, l->opt.hz, out, NULL, NULL, 0) != VS_OK) {
		value_free(out);
		return false;
	}
	return true;
}

static bool env_is_set(void *ctx, const char *key)
{
	struct lint *l = ctx;
	const struct rkey *rk = resolution_find(&l->res, key);

	return rk && rk->sd.path;
}

static const char *env_comment(void *ctx, const char *key)
{
	struct lint *l = ctx;

	return strmap_get(&l->comments, key);
}

static int env_context(void *ctx, const char *name)
{
	struct lint *l = ctx;

	if (strcmp(name, "clients_behind_nat") == 0)
		return l->opt.ctx_nat;
	if (strcmp(name, "forwards_traffic") == 0)
		return l->opt.ctx_fwd;
	return -1;
}

static void emit(void *arg, const struct rule *r, const char *at_key, const char *message)
{
	struct lint *l = arg;
	const struct rkey *rk = resolution_find(&l->res, at_key);
	struct diag *d;

	if (rule_disabled(l, r->id) || !rk || !rk->sd.path)
		return;
	d = diag_add(&l->out, r->sev, rk->sd.path, rk->sd.line, rk->sd.col, "%s", message);
	diag_set_id(d, r->id, at_key);
}

static bool same_value(const struct lint *l, const char *key, const char *a, const char *b)
{
	const struct knob *k;
	struct value va, vb;
	bool eq;

	if (strcmp(a, b) == 0)
		return true;
	k = catalog_find(l->cat, key);
	if (!k || knob_parse(k, a, l->opt.hz, &va, NULL, NULL, 0) != VS_OK)
		return false;
	if (knob_parse(k, b, l->opt.hz, &vb, NULL, NULL, 0) != VS_OK) {
		value_free(&va);
		return false;
	}
	eq = value_equal(&va, &vb) && va.nfields == vb.nfields;
	value_free(&va);
	value_free(&vb);
	return eq;
}

static void check_overrides(struct lint *l)
{
	struct strmap_slot *s;

	strmap_foreach(&l->res.keys, s) {
		const struct rkey *rk = s->val;
		const struct rloser *lo;

		/* every line that loses at boot, against the value that finally wins */
		for (lo = rk->losers; lo && rk->sd.path; lo = lo->next)
			if (!same_value(l, rk->key, lo->w.value, rk->sd.value))
				report(l, "TT107", -1, lo->w.path, lo->w.line, lo->w.col, rk->key,
				       "%s = %s here is overridden by %s:%d, which is loaded later at boot and makes it %s", rk->key,
				       lo->w.value, rk->sd.path, rk->sd.line, rk->sd.value);
		if (!l->opt.compare_dialects)
			continue;
		if (!rk->sd.path && rk->pp.path)
			report(l, "TT106", -1, rk->pp.path, rk->pp.line, rk->pp.col, rk->key,
			       "%s is set only in %s, which systemd-sysctl does not read (there is no /etc/sysctl.d/99-sysctl.conf link): on a systemd boot it is not applied",
			       rk->key, rk->pp.path);
		else if (rk->sd.path && rk->pp.path && !same_value(l, rk->key, rk->sd.value, rk->pp.value))
			report(l, "TT106", -1, rk->pp.path, rk->pp.line, rk->pp.col, rk->key,
			       "systemd-sysctl and procps disagree on %s: systemd applies %s from %s:%d, `sysctl --system` applies %s from %s:%d",
			       rk->key, rk->sd.value, rk->sd.path, rk->sd.line, rk->pp.value, rk->pp.path, rk->pp.line);
	}
}

/* Drop suppressed findings; report suppressions that suppressed nothing. */
static void apply_suppressions(struct lint *l)
{
	size_t i, j, kept = 0;

	for (i = 0; i < l->out.n; i++) {
		struct diag *d = &l->out.v[i];
		/* --disable and .tcptune.yaml apply to the parser's findings too */
		bool drop = d->id && rule_disabled(l, d->id);

		for (j = 0; j < l->nsup && d->file && d->id; j++) {
			struct lint_sup *s = &l->sup[j];

			if (strcmp(s->id, d->id) || strcmp(s->path, d->file))
				continue;
			if (s->file_wide || s->target_line == d->line) {
				s->used = true;
				drop = true;
			}
		}
		if (drop) {
			free(d->file);
			free(d->id);
			free(d->key);
			free(d->msg);
			continue;
		}
		l->out.v[kept++] = *d;
	}
	l->out.n = kept;
	for (j = 0; j < l->nsup; j++) {
		struct lint_sup *s = &l->sup[j];

		if (s->used)
			continue;
		if (!rules_find(l->rules, s->id))
			report(l, "TT104", -1, s->path, s->line, s->col, NULL,
			       "suppression names '%s', which is not a tcptune rule (`tcptune rules` lists them)", s->id);
		else
			report(l, "TT104", -1, s->path, s->line, s->col, NULL,
			       "suppression of %s suppresses nothing%s: remove it", s->id,
			       s->file_wide ? " in this file" : s->target_line ? " on the next assignment" :
			       " (no assignment follows it)");
	}
}

void lint_finish(struct lint *l)
{
	struct rule_env env = {
		.ctx = l, .get = env_get, .is_set = env_is_set, .comment = env_comment,
		.context = env_context, .kernel = l->opt.kernel, .catalog = l->cat,
	};

	/* no target version given: judge for a current kernel, newer than any the rules name */
	if (!env.kernel.known)
		env.kernel = (struct kver){ .major = 999, .known = true };

	rules_eval(l->rules, false, &env, emit, l);
	check_overrides(l);
	apply_suppressions(l);
	diags_sort(&l->out);
}
