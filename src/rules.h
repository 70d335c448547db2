/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rules: id, severity and text for every check, and for the cross-knob
 * ones a condition (docs/data-format.md, section 2) evaluated over a
 * state supplied by the caller: plan gives the state a profile would
 * produce, lint the state the files would produce.
 */
#ifndef TCPTUNE_RULES_H
#define TCPTUNE_RULES_H

#include <regex.h>
#include <stdbool.h>

#include "catalog.h"
#include "diag.h"
#include "util.h"
#include "value.h"

enum cond_kind {
	C_ALL, C_ANY, C_NOT, C_CMP, C_PARITY, C_BITS_OUTSIDE, C_SET, C_CONTEXT, C_KERNEL, C_COMMENT,
};
enum cmp_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };
enum operand_kind { OPD_INT, OPD_KEY, OPD_DEFAULT };

struct operand {
	enum operand_kind kind;
	long long num;
	const char *key;
	int field;
};

struct cond {
	enum cond_kind kind;
	struct cond **kids;
	size_t nkids;
	const char *key;
	int field;
	enum cmp_op op;
	struct operand rhs;
	unsigned long long mask;
	const char *ctx;
	bool ctx_is;
	struct kver kver;
	const char *re_src;	/* comment_matches pattern */
	regex_t *re;		/* compiled when the rule set is loaded */
};

struct rule {
	const char *id;
	enum severity sev;
	const char *category;
	const char *summary, *description, *fix;
	bool in_lint, in_plan;
	bool builtin;
	struct cond *when;
	const char *at;
	const char *message;
	const char **keys;	/* keys the condition names, in order */
	size_t nkeys;
	const char *file;
	int line;
};

struct ruleset {
	struct rule **rules;	/* sorted by id */
	size_t n, cap;
	regex_t **regexes;
	size_t nre, capre;
	struct arena arena;
};

int rules_load(struct ruleset *rs, const struct catalog *cat, const char *file,
	       const char *buf, size_t len, struct diags *dg);
void rules_free(struct ruleset *rs);
const struct rule *rules_find(const struct ruleset *rs, const char *id);

enum tri { T_FALSE, T_TRUE, T_UNKNOWN };

/* The world a condition is evaluated in. */
struct rule_env {
	void *ctx;
	/* The key's value (input if set, else kernel or default); false if unknown. */
	bool (*get)(void *ctx, const char *key, struct value *out);
	/* Is the key assigned by the input (profile, linted files)? */
	bool (*is_set)(void *ctx, const char *key);
	/* Comment lines above the key's assignment, or NULL (lint only). */
	const char *(*comment)(void *ctx, const char *key);
	/* 1 true, 0 false, -1 not declared. */
	int (*context)(void *ctx, const char *name);
	struct kver kernel;	/* target kernel; .known false if unknown */
	const struct catalog *catalog;
};

typedef void (*rule_emit_fn)(void *arg, const struct rule *r, const char *at_key, const char *message);

/* Evaluate every data-driven rule in scope; emit those that fire. */
void rules_eval(const struct ruleset *rs, bool plan_scope, const struct rule_env *env,
		rule_emit_fn emit, void *arg);
enum tri cond_eval(const struct cond *c, const struct rule_env *env);

#endif
