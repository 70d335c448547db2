/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A loaded YAML document (libyaml's document API) with the helpers the
 * loaders share: typed scalar access and file:line:col for every node.
 */
#ifndef TCPTUNE_YAMLDOC_H
#define TCPTUNE_YAMLDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "diag.h"

struct ydoc {
	yaml_document_t doc;
	bool loaded;
	const char *file;	/* name used in diagnostics (not owned) */
	struct diags *dg;
};

/* 0, or -EINVAL with a diagnostic pushed (bad YAML, empty document). */
int ydoc_load(struct ydoc *d, const char *file, const char *buf, size_t len, struct diags *dg);
void ydoc_free(struct ydoc *d);

yaml_node_t *ydoc_root(struct ydoc *d);
yaml_node_t *ydoc_node(struct ydoc *d, int idx);

static inline int ynode_line(const yaml_node_t *n) { return (int)n->start_mark.line + 1; }
static inline int ynode_col(const yaml_node_t *n) { return (int)n->start_mark.column + 1; }

const char *ynode_scalar(const yaml_node_t *n);	/* NULL unless a scalar */
bool ynode_is_null(const yaml_node_t *n);	/* ~, null, or empty plain scalar */
bool ynode_is_plain(const yaml_node_t *n);	/* unquoted scalar */

/* Report at a node's position. */
struct diag *ydiag(struct ydoc *d, const yaml_node_t *n, enum severity sev, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Typed getters: each reports a diagnostic at the node and returns -EINVAL
 * when the node has the wrong shape.
 */
int ynode_string(struct ydoc *d, const yaml_node_t *n, const char *what, const char **out);
int ynode_bool(struct ydoc *d, const yaml_node_t *n, const char *what, bool *out);
int ynode_llong(struct ydoc *d, const yaml_node_t *n, const char *what, long long *out);
int ynode_expect(struct ydoc *d, const yaml_node_t *n, yaml_node_type_t type, const char *what);

/* Iterate a mapping: for (p = ymap_begin(n); p < ymap_end(n); p++) */
#define ymap_begin(n) ((n)->data.mapping.pairs.start)
#define ymap_end(n) ((n)->data.mapping.pairs.top)
#define yseq_begin(n) ((n)->data.sequence.items.start)
#define yseq_end(n) ((n)->data.sequence.items.top)

/*
 * Check a mapping's keys against the allowed field names: an unknown field
 * (with a "did you mean") or a repeated one is an error. Returns the
 * number of problems.
 */
int ymap_check_fields(struct ydoc *d, yaml_node_t *map, const char *const *allowed, const char *what);
/* The value node of field name in map, or NULL. */
yaml_node_t *ymap_get(struct ydoc *d, yaml_node_t *map, const char *name);

#endif
