/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Profiles: a named set of settings with a why each, optional `extends`
 * and context. Format: docs/data-format.md, section 3. Search order for a
 * name: --profile-dir, CONFIG_DIR/profiles, then the built-in set.
 */
#ifndef TCPTUNE_PROFILE_H
#define TCPTUNE_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "diag.h"
#include "util.h"

struct setting {
	const char *key;
	const struct knob *knob;
	const char *value;		/* exact value, or NULL */
	const char *at_least, *at_most;	/* bounds, or NULL */
	const char *why;
	const char *profile;		/* profile that set it (after extends) */
	const char *file;
	int line, col;
};

struct profile {
	const char *name, *description, *extends;
	const char *file;		/* path shown to users */
	const char *origin;		/* "built-in", "/etc/tcptune/profiles", ... */
	int ctx_nat, ctx_fwd;		/* 1, 0, or -1 when not declared */
	struct setting *settings;
	size_t n, cap;
	const char **chain;		/* resolved: base profile first */
	size_t nchain;
};

/* Where profiles come from. */
struct profile_source {
	const char *name;	/* profile name (file stem) */
	const char *path;	/* display path */
	const char *origin;
	const char *buf;	/* built-in text, or NULL: read path */
	size_t len;
	bool shadowed;		/* a source earlier in the search order has the name */
};

struct profile_set {
	struct profile_source *v;
	size_t n, cap;
	struct arena arena;
	const struct catalog *cat;
};

/* Build the search list: dir (may be NULL), confdir/profiles, built-ins. */
void profile_set_init(struct profile_set *ps, const struct catalog *cat,
		      const char *profile_dir, const char *config_dir);
void profile_set_free(struct profile_set *ps);

/* An argument with '/' or ending in .yaml is a path, else a name. */
bool profile_arg_is_path(const char *arg);

/*
 * Load and validate one profile text, without resolving extends.
 * Problems go to dg with file:line:col; returns 0 or -EINVAL.
 */
int profile_parse(struct profile_set *ps, const char *file, const char *buf, size_t len,
		  struct diags *dg, struct profile *out);

/*
 * Resolve a name or path: load it, follow extends (cycles are errors
 * naming the cycle), merge settings base first. -ENOENT: no such profile
 * (a diagnostic says where it looked), -EINVAL: invalid.
 */
int profile_resolve(struct profile_set *ps, const char *arg, struct diags *dg, struct profile *out);

/* Resolve the idx-th source of the search list (for listings). */
int profile_resolve_source(struct profile_set *ps, size_t idx, struct diags *dg, struct profile *out);

const struct setting *profile_setting(const struct profile *p, const char *key);

#endif
