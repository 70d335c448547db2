// SPDX-License-Identifier: GPL-2.0-or-later
#include "builtin.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void catalog_load_builtin(struct catalog *c)
{
	/* the pointer array is the catalog's own, so /etc overrides can replace entries */
	GROW(c->knobs, c->cap, builtin_nknobs);
	memcpy(c->knobs, builtin_knobs, builtin_nknobs * sizeof(*c->knobs));
	c->n = builtin_nknobs;
}

/* Compile the comment_matches patterns of a condition tree. */
static int compile(struct ruleset *rs, struct cond *c)
{
	size_t i;

	for (i = 0; i < c->nkids; i++)
		if (compile(rs, c->kids[i]))
			return -EINVAL;
	/* always anew: a previous rule set freed the last ones it compiled */
	if (c->re_src) {
		regex_t *re = xmalloc(sizeof(*re));

		if (regcomp(re, c->re_src, REG_EXTENDED | REG_ICASE | REG_NOSUB)) {
			free(re);
			return -EINVAL;	/* cannot happen: gendata compiled it */
		}
		GROW(rs->regexes, rs->capre, rs->nre + 1);
		rs->regexes[rs->nre++] = re;
		c->re = re;
	}
	return 0;
}

int rules_load_builtin(struct ruleset *rs)
{
	size_t i;

	GROW(rs->rules, rs->cap, builtin_nrules);
	memcpy(rs->rules, builtin_rules, builtin_nrules * sizeof(*rs->rules));
	rs->n = builtin_nrules;
	for (i = 0; i < rs->n; i++)
		if (rs->rules[i]->when && compile(rs, rs->rules[i]->when))
			return -EINVAL;
	return 0;
}
