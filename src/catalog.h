/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The knob catalog: what tcptune knows about each sysctl, loaded from
 * schema/knobs/ (embedded) and the YAML files in /etc/tcptune/knobs/.
 * Format: docs/data-format.md, section 1.
 */
#ifndef TCPTUNE_CATALOG_H
#define TCPTUNE_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "util.h"
#include "value.h"

enum knob_access { ACC_RW, ACC_RO, ACC_WO };
enum knob_netns { NETNS_OWN, NETNS_COPIED, NETNS_READONLY, NETNS_ABSENT, NETNS_NONE };
enum knob_k8s { K8S_UNKNOWN, K8S_SAFE, K8S_UNSAFE, K8S_NODE };

struct strv {
	const char **v;
	size_t n;
};

struct knob_value_desc {
	long long value;
	const char *text;
};

struct knob_history {
	const char *version;
	const char *def;	/* NULL when only the meaning changed */
	const char *note;
};

struct knob {
	const char *key;
	enum vtype type;
	int fields;		/* 1 for scalars */
	enum vtype elem;	/* vector element: VT_INT, VT_UINT or VT_ULONG */
	struct bounds bounds;	/* kernel-enforced */
	struct bounds meaningful;
	struct knob_value_desc *values;
	size_t nvalues;
	struct knob_value_desc *bits;
	size_t nbits;
	unsigned long long known_bits;
	struct strv strings;
	enum knob_access access;
	const char *def;
	const char *default_note;
	struct knob_history *history;
	size_t nhistory;
	const char *added, *removed, *noop_since, *netns_since;
	bool obsolete;		/* absent from current kernels; removal version unknown */
	bool noop;		/* present but does nothing; noop_since gives the version when known */
	enum knob_netns netns;
	const char *module;
	enum knob_k8s kubernetes;
	const char *kubernetes_since;
	const char *refuse;
	const char *alias_of;
	struct strv unverified;
	const char *summary, *explanation;
	struct strv myths, counters, sources;
	bool pattern;		/* key has an <iface> segment */
	const char *file;	/* where it was defined */
	int line;
};

struct catalog {
	struct knob **knobs;	/* sorted by key */
	size_t n, cap;
	struct arena arena;
};

/* Load one YAML buffer; entries replace same-key ones already loaded. */
int catalog_load(struct catalog *c, const char *file, const char *buf, size_t len, struct diags *dg);
void catalog_free(struct catalog *c);

/* Exact key (dots, '/' inside interface names) or an <iface> pattern. */
const struct knob *catalog_find(const struct catalog *c, const char *key);
/* The closest catalog key for "did you mean", or NULL if none is close. */
const char *catalog_suggest(const struct catalog *c, const char *key);

/* The interface a key names when it matched an <iface> pattern. */
bool knob_iface(const struct knob *k, const char *key, char *iface, size_t len);
const char *knob_netns_text(enum knob_netns n);
const char *knob_netns_name(enum knob_netns n);
const char *knob_k8s_name(enum knob_k8s k);
const char *knob_access_name(enum knob_access a);
/* Text for a specific value from `values`, or NULL. */
const char *knob_value_text(const struct knob *k, long long v);
/* Parse a value for this knob (bounds applied). */
enum value_status knob_parse(const struct knob *k, const char *text, int hz, struct value *out,
			     struct value_notes *notes, char *err, size_t errlen);
/* Removed (version known or not) on kernel v; v unknown means a current kernel. */
bool knob_gone(const struct knob *k, const struct kver *v);
/* Is the knob present on kernel v, by its added/removed versions? */
bool knob_on_kernel(const struct knob *k, const struct kver *v);
bool knob_is_unverified(const struct knob *k, const char *field);

#endif
