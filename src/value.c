// SPDX-License-Identifier: GPL-2.0-or-later
#include "value.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const vtype_names[] = {
	[VT_INT] = "int", [VT_UINT] = "uint", [VT_U8] = "u8",
	[VT_SECONDS] = "seconds", [VT_VECTOR] = "vector",
	[VT_BITMASK] = "bitmask", [VT_STRING] = "string", [VT_PORTS] = "ports",
	[VT_ULONG] = "ulong",
};

const char *vtype_name(enum vtype t)
{
	return (size_t)t < ARRAY_SIZE(vtype_names) ? vtype_names[t] : "?";
}

int vtype_from_name(const char *name, enum vtype *t)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vtype_names); i++) {
		if (strcmp(name, vtype_names[i]) == 0) {
			*t = (enum vtype)i;
			return 0;
		}
	}
	return -EINVAL;
}

bool vtype_numeric(enum vtype t)
{
	return t != VT_STRING && t != VT_PORTS;
}

void vtype_limits(enum vtype t, int hz, long long *min, long long *max)
{
	switch (t) {
	case VT_UINT:
		*min = 0;
		*max = UINT_MAX;
		break;
	case VT_U8:
		*min = 0;
		*max = 255;
		break;
	case VT_SECONDS:
		/* proc_dointvec_jiffies: EINVAL above INT_MAX/HZ (sysctl.c:1153) */
		*min = INT_MIN;
		*max = INT_MAX / (hz > 0 ? hz : 100);
		break;
	case VT_PORTS:
		*min = 0;
		*max = 65535;
		break;
	case VT_ULONG:
		/* for display; parsing checks up to ULONG_MAX itself */
		*min = 0;
		*max = LLONG_MAX;
		break;
	default:
		*min = INT_MIN;
		*max = INT_MAX;
		break;
	}
}

/*
 * The magnitude and sign of one number, as strtoul_lenient(..., 0) and
 * proc_get_long read it: "0x" is hex, a leading "0" octal, then whitespace
 * or the end must follow.
 */
static int parse_mag(const char **pp, bool *neg, unsigned long long *mag, bool *octal, bool *hex)
{
	const char *p = *pp;
	unsigned long long v = 0;
	unsigned base = 10;
	bool any = false;

	*neg = false;
	if (*p == '-') {
		*neg = true;
		p++;
	}
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2])) {
		base = 16;
		p += 2;
		if (hex)
			*hex = true;
	} else if (p[0] == '0' && isdigit((unsigned char)p[1])) {
		base = 8;
		p++;
		if (octal)
			*octal = true;
	}
	for (;;) {
		int d;

		if (isdigit((unsigned char)*p))
			d = *p - '0';
		else if (isxdigit((unsigned char)*p))
			d = tolower((unsigned char)*p) - 'a' + 10;
		else
			break;
		if ((unsigned)d >= base)
			break;
		if (v > (ULLONG_MAX - (unsigned)d) / base)
			return -ERANGE;
		v = v * base + (unsigned)d;
		any = true;
		p++;
	}
	if (!any)
		return -EINVAL;
	/* anything but whitespace or the end after a number is EINVAL */
	if (*p && !isspace((unsigned char)*p))
		return -EINVAL;
	*mag = v;
	*pp = p;
	return 0;
}

int value_parse_number(const char **pp, bool allow_neg, long long *out, bool *octal, bool *hex)
{
	const char *p = *pp;
	unsigned long long v;
	bool neg;
	int r;

	r = parse_mag(&p, &neg, &v, octal, hex);
	if (r)
		return r;
	/* proc_get_long takes the sign itself; unsigned handlers then refuse the value */
	if (neg && !allow_neg)
		return -ERANGE;
	if (v > (unsigned long long)LLONG_MAX + (neg ? 1 : 0))
		return -ERANGE;
	*out = neg ? (long long)(0 - v) : (long long)v;
	*pp = p;
	return 0;
}

struct port_range {
	long lo, hi;
};

static int range_cmp(const void *a, const void *b)
{
	const struct port_range *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static enum value_status parse_ports(const char *text, struct value *out, char *err, size_t errlen)
{
	/* proc_do_large_bitmap: "a,b-c", each port 0..65535; a write replaces all */
	struct port_range *r = NULL;
	struct strbuf sb = STRBUF_INIT;
	const char *p = text;
	enum value_status st = VS_OK;
	size_t n = 0, cap = 0, i;
	long lo, hi;

	while (*p) {
		char *end;

		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (!isdigit((unsigned char)*p))
			goto syntax;
		lo = strtol(p, &end, 10);
		hi = lo;
		p = end;
		if (*p == '-') {
			p++;
			if (!isdigit((unsigned char)*p))
				goto syntax;
			hi = strtol(p, &end, 10);
			p = end;
		}
		if (lo > 65535 || hi > 65535 || hi < lo) {
			snprintf(err, errlen, "port %ld%s is outside 0..65535 or a reversed range",
				 hi > 65535 ? hi : lo, hi < lo ? " (reversed)" : "");
			st = VS_RANGE;
			goto out;
		}
		GROW(r, cap, n + 1);
		r[n].lo = lo;
		r[n++].hi = hi;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == ',')
			p++;
		else if (*p)
			goto syntax;
	}
	/* canonical: ascending, overlapping and adjacent ranges merged */
	if (n > 1)
		qsort(r, n, sizeof(*r), range_cmp);
	for (i = 0; i < n; i++) {
		lo = r[i].lo;
		hi = r[i].hi;
		while (i + 1 < n && r[i + 1].lo <= hi + 1) {
			if (r[i + 1].hi > hi)
				hi = r[i + 1].hi;
			i++;
		}
		if (sb.len)
			sb_addc(&sb, ',');
		if (hi > lo)
			sb_addf(&sb, "%ld-%ld", lo, hi);
		else
			sb_addf(&sb, "%ld", lo);
	}
	out->str = sb_detach(&sb);
	goto out;
syntax:
	snprintf(err, errlen, "cannot read a port list at \"%.20s\": expected \"PORT\" or \"LOW-HIGH\" separated by commas", p);
	st = VS_SYNTAX;
out:
	free(r);
	sb_release(&sb);
	return st;
}

enum value_status value_parse(const char *text, enum vtype t, int nfields,
			      const struct bounds *b, int hz, struct value *out,
			      struct value_notes *notes, char *err, size_t errlen)
{
	return value_parse_elem(text, t, VT_INT, nfields, b, hz, out, notes, err, errlen);
}

/* Is u (an unsigned element) inside [lo, hi] read as unsigned bounds? */
static bool ulong_in(unsigned long long u, const struct bounds *b)
{
	if (b && b->has_min && b->min > 0 && u < (unsigned long long)b->min)
		return false;
	if (b && b->has_max && b->max >= 0 && u > (unsigned long long)b->max)
		return false;
	return true;
}

enum value_status value_parse_elem(const char *text, enum vtype t, enum vtype elem, int nfields,
				   const struct bounds *b, int hz, struct value *out,
				   struct value_notes *notes, char *err, size_t errlen)
{
	struct value_notes dummy;
	long long tmin, tmax, lo, hi;
	const char *p = text;
	bool allow_neg;
	int want;

	if (!notes)
		notes = &dummy;
	memset(notes, 0, sizeof(*notes));
	notes->bad_field = -1;
	memset(out, 0, sizeof(*out));
	out->type = t;
	if (t != VT_VECTOR)
		elem = t;
	out->elem = elem;
	if (err && errlen)
		err[0] = '\0';

	while (isspace((unsigned char)*p))
		p++;
	if (!*p) {
		snprintf(err, errlen, "the value is empty (the kernel treats an empty write as a no-op)");
		return VS_EMPTY;
	}
	if (strlen(p) > VALUE_MAX_LEN) {
		snprintf(err, errlen, "the value is longer than %d bytes", VALUE_MAX_LEN);
		return VS_SYNTAX;
	}
	if (t == VT_STRING) {
		char *s;
		const char *q;

		/* a CR or other control byte would end a sysctl.d line early */
		for (q = p; *q; q++) {
			if ((unsigned char)*q < 0x20 && !isspace((unsigned char)*q)) {
				snprintf(err, errlen, "the value contains a control character");
				return VS_SYNTAX;
			}
		}
		s = xstrdup(p);
		out->str = xstrdup(str_trim(s));
		free(s);
		if (strpbrk(out->str, "\r\n\t\v\f")) {
			value_free(out);
			snprintf(err, errlen, "the value contains a line break or tab inside it");
			return VS_SYNTAX;
		}
		notes->fields_given = 1;
		return VS_OK;
	}
	if (t == VT_PORTS) {
		notes->fields_given = 1;
		return parse_ports(p, out, err, errlen);
	}

	want = t == VT_VECTOR ? nfields : 1;
	if (want < 1 || want > VALUE_MAX_FIELDS)
		want = 1;
	allow_neg = elem != VT_UINT && elem != VT_U8 && elem != VT_ULONG;
	vtype_limits(elem, hz, &tmin, &tmax);
	lo = tmin;
	hi = tmax;
	if (b && b->has_min && b->min > lo)
		lo = b->min;
	if (b && b->has_max && b->max < hi)
		hi = b->max;

	while (*p) {
		long long v = 0;
		unsigned long long u = 0;
		bool neg = false;
		int r, idx = notes->fields_given;

		if (elem == VT_ULONG) {
			/* up to ULONG_MAX: kept as the bit pattern, printed unsigned */
			r = parse_mag(&p, &neg, &u, &notes->octal, &notes->hex);
			if (!r && neg)
				r = -ERANGE;
			v = (long long)u;
		} else {
			r = value_parse_number(&p, allow_neg, &v, &notes->octal, &notes->hex);
		}
		if (r == -EINVAL && idx >= want) {
			/* the kernel stops after the slots it has: trailing text is ignored */
			notes->fields_given++;
			break;
		}
		if (r) {
			notes->bad_field = idx;
			if (r == -ERANGE && *p == '-' && !allow_neg)
				snprintf(err, errlen, "%.40s is negative, and this knob is unsigned", p);
			else
				snprintf(err, errlen, "\"%.40s\" is not a number the kernel accepts%s",
					 p, r == -ERANGE ? " (too large)" : "");
			return r == -ERANGE ? VS_RANGE : VS_SYNTAX;
		}
		if (idx < want && elem == VT_ULONG) {
			if (!ulong_in(u, b)) {
				notes->bad_field = idx;
				snprintf(err, errlen, "%llu is outside the bounds the kernel enforces", u);
				return VS_RANGE;
			}
			out->num[idx] = v;
			out->nfields++;
		} else if (idx < want) {
			if (v < lo || v > hi) {
				notes->bad_field = idx;
				if (t == VT_SECONDS && v > tmax && !(b && b->has_max))
					snprintf(err, errlen, "%lld is above the largest number of seconds the kernel stores (INT_MAX/HZ = %lld at HZ=%d)",
						 v, tmax, hz > 0 ? hz : 100);
				else
					snprintf(err, errlen, "%lld is outside %lld..%lld, which the kernel enforces",
						 v, lo, hi);
				return VS_RANGE;
			}
			out->num[idx] = v;
			out->nfields++;
		}
		notes->fields_given++;
		while (isspace((unsigned char)*p))
			p++;
	}
	return VS_OK;
}

static char *join_fields(const struct value *v, char sep)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	if (!vtype_numeric(v->type))
		return xstrdup(v->str ? v->str : "");
	for (i = 0; i < v->nfields; i++) {
		if (i)
			sb_addc(&sb, sep);
		if (v->elem == VT_ULONG)
			sb_addf(&sb, "%llu", (unsigned long long)v->num[i]);
		else
			sb_addf(&sb, "%lld", v->num[i]);
	}
	return sb_detach(&sb);
}

char *value_canonical(const struct value *v)
{
	return join_fields(v, '\t');
}

char *value_conf_form(const struct value *v)
{
	return join_fields(v, ' ');
}

bool value_equal(const struct value *a, const struct value *b)
{
	int i, n;

	if (!vtype_numeric(a->type) || !vtype_numeric(b->type))
		return a->str && b->str && strcmp(a->str, b->str) == 0;
	n = a->nfields < b->nfields ? a->nfields : b->nfields;
	if (n == 0)
		return a->nfields == b->nfields;
	for (i = 0; i < n; i++)
		if (a->num[i] != b->num[i])
			return false;
	return true;
}

void value_free(struct value *v)
{
	free(v->str);
	v->str = NULL;
}

void value_copy(struct value *dst, const struct value *src)
{
	*dst = *src;
	dst->str = src->str ? xstrdup(src->str) : NULL;
}
