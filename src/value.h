/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Sysctl values parsed the way the kernel parses writes (kernel/sysctl.c,
 * 6.12): base auto-detection, no '+', no trailing garbage, vectors split
 * on any whitespace, and a canonical form for comparison (the kernel
 * prints vector fields tab-separated).
 */
#ifndef TCPTUNE_VALUE_H
#define TCPTUNE_VALUE_H

#include <stdbool.h>
#include <stddef.h>

enum vtype {
	VT_INT,		/* proc_dointvec(_minmax) */
	VT_UINT,	/* proc_douintvec */
	VT_U8,		/* proc_dou8vec_minmax */
	VT_SECONDS,	/* proc_dointvec_jiffies */
	VT_VECTOR,	/* N x proc_dointvec_minmax */
	VT_BITMASK,	/* proc_dointvec read as flag bits */
	VT_STRING,	/* proc_dostring */
	VT_PORTS,	/* proc_do_large_bitmap */
	VT_ULONG,	/* proc_doulongvec_minmax: 0..ULONG_MAX, stored as its bit pattern */
};

#define VALUE_MAX_FIELDS 8
#define VALUE_MAX_LEN 4096

const char *vtype_name(enum vtype t);
int vtype_from_name(const char *name, enum vtype *t);	/* 0 or -EINVAL */
bool vtype_numeric(enum vtype t);

/* Why a value is not what the kernel would accept. */
enum value_status {
	VS_OK = 0,
	VS_EMPTY,	/* zero-length: the kernel treats the write as a no-op */
	VS_SYNTAX,	/* EINVAL while parsing: "08", "+3", "3.5", "30abc" */
	VS_RANGE,	/* EINVAL: outside the type's or the knob's bounds */
};

struct value {
	enum vtype type;
	enum vtype elem;		/* element type: t itself for scalars */
	int nfields;			/* numbers read (numeric types) */
	long long num[VALUE_MAX_FIELDS];
	char *str;			/* VT_STRING, VT_PORTS: canonical text (malloc'd) */
};

/* What parsing noticed that a human would read differently. */
struct value_notes {
	bool octal;		/* a zero-padded number was read as octal */
	bool hex;
	int fields_given;	/* how many fields the text had */
	int bad_field;		/* index of the field that failed, or -1 */
};

struct bounds {
	bool has_min, has_max;
	long long min, max;
};

/*
 * Parse text for a knob of type t with nfields fields (vectors; 1 for
 * scalars). Extra fields are ignored and missing ones left unset, as the
 * kernel does; notes->fields_given tells the caller. hz is the kernel's
 * CONFIG_HZ for VT_SECONDS bounds (0: unknown, the loosest, 100, is used).
 * On VS_RANGE/VS_SYNTAX, err receives a message for a human.
 */
enum value_status value_parse(const char *text, enum vtype t, int nfields,
			      const struct bounds *b, int hz, struct value *out,
			      struct value_notes *notes, char *err, size_t errlen);

/*
 * The same for a vector whose elements are elem (VT_INT, VT_UINT or
 * VT_ULONG: tcp_mem holds longs, ping_group_range unsigned ids).
 */
enum value_status value_parse_elem(const char *text, enum vtype t, enum vtype elem, int nfields,
				   const struct bounds *b, int hz, struct value *out,
				   struct value_notes *notes, char *err, size_t errlen);

/* Canonical form (malloc'd): decimal numbers, vector fields TAB-joined. */
char *value_canonical(const struct value *v);
/* The same with single spaces: what a sysctl.conf line should carry. */
char *value_conf_form(const struct value *v);

/* Equal in canonical form (vectors compare the fields both have). */
bool value_equal(const struct value *a, const struct value *b);
void value_free(struct value *v);
void value_copy(struct value *dst, const struct value *src);

/*
 * Parse one integer the way strtoul_lenient(..., 0) plus the sign handling
 * of proc_get_long do. Returns 0 and advances *p; -EINVAL when it is not a
 * number; -ERANGE when it is too large, or negative while !allow_neg (the
 * kernel's unsigned handlers refuse the value, not the syntax).
 */
int value_parse_number(const char **p, bool allow_neg, long long *out, bool *octal, bool *hex);

/* Type limits before any knob bound: int, uint, u8, seconds at hz. */
void vtype_limits(enum vtype t, int hz, long long *min, long long *max);

#endif
