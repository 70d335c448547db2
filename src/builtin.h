/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The built-in catalog and rules as C data, generated at build time by
 * tools/gendata.c from schema/ with the same loaders that read
 * /etc/tcptune overrides. Sorted by key and by id.
 */
#ifndef TCPTUNE_BUILTIN_H
#define TCPTUNE_BUILTIN_H

#include <stddef.h>

#include "catalog.h"
#include "rules.h"

extern struct knob *const builtin_knobs[];
extern const size_t builtin_nknobs;
extern struct rule *const builtin_rules[];
extern const size_t builtin_nrules;

/* Start a catalog or rule set from the built-in data (no YAML parsed). */
void catalog_load_builtin(struct catalog *c);
int rules_load_builtin(struct ruleset *rs);

#endif
