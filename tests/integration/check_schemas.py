#!/usr/bin/python3
"""Validate tcptune's YAML data against its JSON Schemas (draft-07).

Checks, one output line each ("ok ..." or "FAIL ..."; "skip ..." lines are
not counted):
  * schema/{knobs,rules,profile}.schema.json are valid draft-07 schemas;
  * the YAML examples in docs/data-format.md validate against them;
  * in-memory good and bad documents are accepted / rejected as the format
    says (guards the schemas' oneOf / if-then logic);
  * schema/knobs/*.yaml (skipped while the directory is empty), unique keys;
  * schema/rules.yaml (skipped while absent), unique ids;
  * profiles/*.yaml: schema, modeline, name = file name, extends resolves
    without a cycle, and (once the catalog exists) every key is in the
    catalog and not refused there;
  * tests/fixtures/profiles-bad/*.yaml are rejected, for the reason given on
    their "# expect: ..." line.

The last line is exactly "N passed, N failed"; the exit status is 1 when any
check failed.

Needs only Debian's python3-yaml and python3-jsonschema:
    apt-get install -y python3-yaml python3-jsonschema
Run it with /usr/bin/python3 (a pyenv python will not see those packages).

YAML is read with PyYAML's SafeLoader (YAML 1.1, like the C loaders' use of
libyaml): an unquoted 4.10 is the float 4.1 and is rejected where a version
string is required. Duplicate mapping keys are an error here, as in the C
loaders. Regex "pattern"s use ECMA-262 semantics as editors do: a final "$"
matches only at the very end of the string (Python's "$" would also match
before a final newline).
"""

import glob
import json
import os
import re
import sys

try:
    import yaml
    import jsonschema
    from jsonschema import Draft7Validator
except ImportError as exc:  # pragma: no cover
    print("FAIL python modules: %s (apt-get install -y python3-yaml "
          "python3-jsonschema, and run with /usr/bin/python3)" % exc)
    print("0 passed, 1 failed")
    sys.exit(1)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCHEMA_DIR = os.path.join(ROOT, "schema")
MODELINE = "# yaml-language-server: $schema=../schema/profile.schema.json"

passed = 0
failed = 0


def ok(msg):
    global passed
    passed += 1
    print("ok " + msg)


def fail(msg, details=()):
    global failed
    failed += 1
    print("FAIL " + msg)
    for d in details:
        print("    " + d)


def skip(msg):
    print("skip " + msg)


def rel(path):
    return os.path.relpath(path, ROOT)


# ---------------------------------------------------------------- YAML input

class StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys in a mapping and, like YAML 1.2,
    reads only true/false as booleans (YAML 1.1's yes/no/on/off stay
    strings, so `forwards_traffic: yes` is rejected as it is by the C
    loaders)."""


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))


def _construct_mapping(loader, node, deep=False):
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            continue  # SafeLoader reports unhashable keys itself
        if key in seen:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark,
                "found duplicate key %r (first at line %d)"
                % (key, seen[key].start_mark.line + 1), key_node.start_mark)
        seen[key] = key_node
    return loader.construct_mapping(node, deep)


StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def to_json(data):
    """The JSON instance a schema sees: mapping keys become strings (an
    integer key 0x400 becomes "1024"), dates become strings."""
    return json.loads(json.dumps(data, default=str))


def load_yaml_text(text):
    return to_json(yaml.load(text, Loader=StrictLoader))


def load_yaml_file(path):
    with open(path, encoding="utf-8") as f:
        return load_yaml_text(f.read())


# ------------------------------------------------------------------ schemas

def _ecma_pattern(validator, pattern, instance, schema):
    if not validator.is_type(instance, "string"):
        return
    py = pattern
    if py.endswith("$") and not py.endswith("\\$"):
        py = py[:-1] + r"\Z"
    if re.search(py, instance) is None:
        yield jsonschema.ValidationError(
            "%r does not match %r" % (instance, pattern))


Validator = jsonschema.validators.extend(
    Draft7Validator, validators={"pattern": _ecma_pattern})


def error_lines(errors):
    """Flatten errors (with oneOf/anyOf context) into readable lines."""
    out = []

    def walk(err, depth):
        where = "/".join(str(p) for p in err.absolute_path) or "(top)"
        out.append("%s%s: %s" % ("  " * depth, where, err.message))
        for sub in sorted(err.context, key=lambda e: list(e.schema_path)):
            walk(sub, depth + 1)

    for e in sorted(errors, key=lambda e: list(e.absolute_path)):
        walk(e, 0)
    return out


def validate(validator, instance):
    """Return the list of error lines (empty when valid)."""
    return error_lines(list(validator.iter_errors(instance)))


def load_schema(name):
    path = os.path.join(SCHEMA_DIR, name)
    try:
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
    except (OSError, ValueError) as exc:
        fail("schema/%s: cannot load: %s" % (name, exc))
        return None
    problems = []
    if schema.get("$schema") != "http://json-schema.org/draft-07/schema#":
        problems.append("$schema is %r, not draft-07" % schema.get("$schema"))
    try:
        Draft7Validator.check_schema(schema)
    except jsonschema.SchemaError as exc:
        problems.append(str(exc).splitlines()[0])
    if problems:
        fail("schema/%s is a valid draft-07 schema" % name, problems)
        return None
    ok("schema/%s is a valid draft-07 schema" % name)
    return Validator(schema)


# ------------------------------------------------------------- key helpers

def normalise_key(key):
    """sysctl.d rule: if the first separator is '/', '/' and '.' swap."""
    m = re.search(r"[./]", key)
    if m and m.group(0) == "/":
        return key.translate(str.maketrans("/.", "./"))
    return key


def catalog_lookup(catalog, key):
    """Catalog entry for a concrete key; a <iface> segment matches any one
    interface name (interface names may contain '/' in dotted form)."""
    if key in catalog:
        return catalog[key]
    parts = key.split(".")
    for ckey, entry in catalog.items():
        cparts = ckey.split(".")
        if "<iface>" not in cparts or len(cparts) != len(parts):
            continue
        if all(c == "<iface>" or c == p for c, p in zip(cparts, parts)):
            return entry
    return None


def condition_keys(cond, out):
    if isinstance(cond, dict):
        for k, v in cond.items():
            if k in ("key", "set") and isinstance(v, str):
                out.add(v)
            else:
                condition_keys(v, out)
    elif isinstance(cond, list):
        for c in cond:
            condition_keys(c, out)
    return out


# ------------------------------------------------------------------- checks

def check_doc_examples(validators):
    path = os.path.join(ROOT, "docs", "data-format.md")
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as exc:
        skip("docs/data-format.md examples: %s" % exc)
        return
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    kinds = {"knobs": "knobs", "rules": "rules", "name": "profile"}
    seen = set()
    for block in blocks:
        try:
            data = load_yaml_text(block)
        except yaml.YAMLError as exc:
            fail("docs/data-format.md example parses", [str(exc)])
            continue
        if not isinstance(data, dict):
            continue
        kind = next((v for k, v in kinds.items() if k in data), None)
        if kind is None or validators.get(kind) is None:
            continue
        seen.add(kind)
        errs = validate(validators[kind], data)
        label = "docs/data-format.md %s example validates against %s" % (
            kind, "profile.schema.json" if kind == "profile"
            else kind + ".schema.json")
        if errs:
            fail(label, errs)
        else:
            ok(label)
    for kind in sorted(set(kinds.values()) - seen):
        skip("docs/data-format.md has no %s example" % kind)


def expect(validator, label, doc, valid):
    errs = validate(validator, doc)
    if valid and errs:
        fail(label, errs)
    elif not valid and not errs:
        fail(label, ["document was accepted"])
    else:
        ok(label)


KNOB = {
    "key": "net.ipv4.tcp_fastopen", "type": "bitmask",
    "bits": {"0x1": "client", "0x400": "server for all listeners"},
    "default": "1", "netns": "own", "summary": "TCP Fast Open.",
    "explanation": "text", "sources": ["include/net/tcp.h:256"],
}
RULE = {
    "id": "TT406", "severity": "warning", "category": "relation",
    "summary": "s", "description": "d", "fix": "f",
    "when": {"all": [{"key": "net.ipv4.tcp_tw_reuse", "ne": 0},
                     {"not": {"key": "net.ipv4.tcp_timestamps", "eq": "default"}},
                     {"any": [{"context": "clients_behind_nat"},
                              {"kernel": {"lt": "4.12"}},
                              {"set": "net.ipv4.tcp_tw_reuse"}]}]},
    "at": "net.ipv4.tcp_tw_reuse", "message": "{net.ipv4.tcp_tw_reuse}",
}


def variant(base, drop=(), **changes):
    doc = json.loads(json.dumps(base))
    for k in drop:
        doc.pop(k, None)
    doc.update(changes)
    return doc


def check_schema_logic(v):
    """In-memory documents that pin down the schemas' trickier rules."""
    kv, rv = v.get("knobs"), v.get("rules")
    if kv is not None:
        k = lambda **kw: {"knobs": [variant(KNOB, **kw)]}
        expect(kv, "knobs schema accepts a bitmask entry with bits", k(), True)
        expect(kv, "knobs schema rejects a bitmask entry without bits",
               k(drop=["bits"]), False)
        expect(kv, "knobs schema rejects a bit value that is not one bit",
               k(bits={"0x3": "two bits"}), False)
        expect(kv, "knobs schema accepts an integer bit key (YAML 0x400)",
               k(bits={"1024": "server for all listeners"}), True)
        expect(kv, "knobs schema rejects a vector entry without fields",
               k(type="vector", drop=["bits"]), False)
        expect(kv, "knobs schema accepts a vector entry with fields",
               k(type="vector", fields=3, drop=["bits"]), True)
        expect(kv, "knobs schema rejects fields on a non-vector entry",
               k(type="int", fields=2, drop=["bits"]), False)
        expect(kv, "knobs schema accepts a string entry without strings",
               k(type="string", drop=["bits"]), True)
        expect(kv, "knobs schema rejects strings on a non-string entry",
               k(type="int", strings=["bbr"], drop=["bits"]), False)
        expect(kv, "knobs schema rejects bits on a non-bitmask entry",
               k(type="int"), False)
        expect(kv, "knobs schema accepts a ulong vector element type",
               k(type="vector", fields=3, elem="ulong", drop=["bits"]), True)
        expect(kv, "knobs schema rejects elem on a non-vector entry",
               k(type="ulong", elem="ulong", drop=["bits"]), False)
        expect(kv, "knobs schema accepts obsolete: true",
               k(obsolete=True), True)
        expect(kv, "knobs schema rejects obsolete together with removed",
               k(obsolete=True, removed="4.12"), False)
        expect(kv, "knobs schema rejects an unquoted version (float 4.1)",
               k(added=4.1), False)
        expect(kv, "knobs schema rejects a summary over 100 characters",
               k(summary="x" * 101), False)
        expect(kv, "knobs schema rejects a summary ending in a newline",
               k(summary="one line\n"), False)
        expect(kv, "knobs schema rejects an unknown field",
               k(comment="x"), False)
        expect(kv, "knobs schema rejects an unknown netns value",
               k(netns="global"), False)
        expect(kv, "knobs schema accepts an <iface> key segment",
               k(key="net.ipv4.conf.<iface>.rp_filter"), True)
        expect(kv, "knobs schema rejects a non-string default",
               k(default=1), False)
        expect(kv, "knobs schema rejects unverified naming a non-field",
               k(unverified=["colour"]), False)
    pv = v.get("profile")
    if pv is not None:
        base = {"name": "edge", "description": "d", "extends": "web-frontend"}
        expect(pv, "profile schema accepts an empty settings: (extends only)",
               variant(base, settings=None), True)
        expect(pv, "profile schema accepts vector bounds as a string",
               variant(base, settings={"net.ipv4.tcp_rmem": {
                   "at_least": "4096 131072 33554432", "why": "w"}}), True)
        expect(pv, "profile schema rejects an octal-looking bound 010",
               variant(base, settings={"net.ipv4.tcp_rmem": {
                   "at_least": "4096 010 33554432", "why": "w"}}), False)
    if rv is not None:
        r = lambda **kw: {"rules": [variant(RULE, **kw)]}
        expect(rv, "rules schema accepts a nested when condition", r(), True)
        expect(rv, "rules schema accepts check: builtin without when",
               r(check="builtin", drop=["when", "at", "message"]), True)
        expect(rv, "rules schema rejects check and when together",
               r(check="builtin"), False)
        expect(rv, "rules schema rejects a rule with neither check nor when",
               r(drop=["when", "at", "message"]), False)
        expect(rv, "rules schema rejects when without message",
               r(drop=["message"]), False)
        expect(rv, "rules schema rejects when without at",
               r(drop=["at"]), False)
        expect(rv, "rules schema rejects id TT42",
               r(id="TT42"), False)
        expect(rv, "rules schema rejects two operators in one comparison",
               r(when={"key": "net.core.somaxconn", "lt": 1, "gt": 0}), False)
        expect(rv, "rules schema rejects parity_eq without field",
               r(when={"key": "net.ipv4.ip_local_port_range",
                       "parity_eq": {"key": "net.ipv4.ip_local_port_range",
                                     "field": 1}}), False)
        expect(rv, "rules schema accepts parity_eq with field",
               r(when={"key": "net.ipv4.ip_local_port_range", "field": 0,
                       "parity_eq": {"key": "net.ipv4.ip_local_port_range",
                                     "field": 1}}), True)
        expect(rv, "rules schema rejects an unknown context name",
               r(when={"context": "is_router"}), False)
        expect(rv, "rules schema rejects an unquoted kernel version",
               r(when={"kernel": {"lt": 4.12}}), False)
        expect(rv, "rules schema rejects an empty all list",
               r(when={"all": []}), False)


def check_knobs(validator):
    """Returns {key: entry} for the catalog (empty when there is none)."""
    catalog = {}
    files = sorted(glob.glob(os.path.join(SCHEMA_DIR, "knobs", "*.yaml")))
    if not files:
        skip("schema/knobs/*.yaml: no files yet")
        return catalog
    if validator is None:
        skip("schema/knobs/*.yaml: knobs.schema.json did not load")
        return catalog
    where = {}
    dups = []
    for path in files:
        try:
            data = load_yaml_file(path)
        except (OSError, yaml.YAMLError) as exc:
            fail("%s parses" % rel(path), str(exc).splitlines())
            continue
        errs = validate(validator, data)
        if errs:
            fail("%s validates against knobs.schema.json" % rel(path), errs)
        else:
            ok("%s validates against knobs.schema.json" % rel(path))
        for entry in (data or {}).get("knobs", []) if isinstance(data, dict) else []:
            if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
                continue
            key = entry["key"]
            if key in where:
                dups.append("%s in %s and %s" % (key, where[key], rel(path)))
            else:
                where[key] = rel(path)
                catalog[key] = entry
    if dups:
        fail("schema/knobs: every key is defined once", dups)
    else:
        ok("schema/knobs: every key is defined once (%d keys)" % len(catalog))
    missing = ["%s: alias_of %s is not in the catalog" % (k, e["alias_of"])
               for k, e in catalog.items()
               if isinstance(e.get("alias_of"), str)
               and catalog_lookup(catalog, e["alias_of"]) is None]
    if missing:
        fail("schema/knobs: every alias_of names a catalog key", missing)
    else:
        ok("schema/knobs: every alias_of names a catalog key")
    return catalog


def check_rules(validator, catalog):
    path = os.path.join(SCHEMA_DIR, "rules.yaml")
    if not os.path.exists(path):
        skip("schema/rules.yaml: not present yet")
        return
    if validator is None:
        skip("schema/rules.yaml: rules.schema.json did not load")
        return
    try:
        data = load_yaml_file(path)
    except (OSError, yaml.YAMLError) as exc:
        fail("schema/rules.yaml parses", str(exc).splitlines())
        return
    errs = validate(validator, data)
    if errs:
        fail("schema/rules.yaml validates against rules.schema.json", errs)
    else:
        ok("schema/rules.yaml validates against rules.schema.json")
    rules = data.get("rules", []) if isinstance(data, dict) else []
    rules = [r for r in rules if isinstance(r, dict)]
    ids = [r.get("id") for r in rules]
    dups = sorted({i for i in ids if ids.count(i) > 1 and i is not None})
    if dups:
        fail("schema/rules.yaml: rule ids are unique", ["duplicate: " + ", ".join(dups)])
    else:
        ok("schema/rules.yaml: rule ids are unique (%d rules)" % len(ids))
    if not catalog:
        skip("schema/rules.yaml keys vs catalog: no catalog yet")
        return
    unknown = []
    for r in rules:
        keys = condition_keys(r.get("when"), set())
        if isinstance(r.get("at"), str):
            keys.add(r["at"])
        for key in sorted(keys):
            if catalog_lookup(catalog, key) is None:
                unknown.append("%s: %s" % (r.get("id"), key))
    if unknown:
        fail("schema/rules.yaml: every key a rule names is in the catalog", unknown)
    else:
        ok("schema/rules.yaml: every key a rule names is in the catalog")


def check_profiles(validator, catalog):
    files = sorted(glob.glob(os.path.join(ROOT, "profiles", "*.yaml")))
    if not files:
        fail("profiles/*.yaml: no profiles found")
        return
    if validator is None:
        skip("profiles/*.yaml: profile.schema.json did not load")
        return
    profiles = {}
    for path in files:
        name = os.path.basename(path)[:-len(".yaml")]
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            data = load_yaml_text(text)
        except (OSError, yaml.YAMLError) as exc:
            fail("%s parses" % rel(path), str(exc).splitlines())
            continue
        errs = validate(validator, data)
        if errs:
            fail("%s validates against profile.schema.json" % rel(path), errs)
            continue
        ok("%s validates against profile.schema.json" % rel(path))
        if text.splitlines()[0] == MODELINE:
            ok("%s starts with the yaml-language-server modeline" % rel(path))
        else:
            fail("%s starts with the yaml-language-server modeline" % rel(path),
                 ["expected: " + MODELINE])
        if data["name"] == name:
            ok("%s: name matches the file name" % rel(path))
        else:
            fail("%s: name matches the file name" % rel(path),
                 ["name is %r" % data["name"]])
        profiles[data["name"]] = (path, data)

    for pname, (path, data) in sorted(profiles.items()):
        chain, cur, problem = [pname], data, None
        while cur.get("extends") is not None:
            parent = cur["extends"]
            if parent in chain:
                problem = "cycle: " + " -> ".join(chain + [parent])
                break
            if parent not in profiles:
                problem = "extends unknown profile %r" % parent
                break
            chain.append(parent)
            cur = profiles[parent][1]
        label = "%s: extends chain %s resolves" % (rel(path), " -> ".join(chain))
        if problem:
            fail(label, [problem])
        else:
            ok(label)

    if not catalog:
        skip("profiles keys vs catalog: no catalog yet")
        return
    for pname, (path, data) in sorted(profiles.items()):
        problems = []
        for key in data["settings"]:
            entry = catalog_lookup(catalog, normalise_key(key))
            if entry is None:
                problems.append("%s is not in the catalog" % key)
            elif entry.get("refuse"):
                problems.append("%s is refused: %s" % (key, entry["refuse"]))
        if problems:
            fail("%s: every key is in the catalog and not refused" % rel(path), problems)
        else:
            ok("%s: every key is in the catalog and not refused" % rel(path))


def check_bad_profiles(validator):
    files = sorted(glob.glob(os.path.join(
        ROOT, "tests", "fixtures", "profiles-bad", "*.yaml")))
    if not files:
        fail("tests/fixtures/profiles-bad/*.yaml: no fixtures found")
        return
    if validator is None:
        skip("tests/fixtures/profiles-bad: profile.schema.json did not load")
        return
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        m = re.search(r"^# expect: (.+)$", text, re.M)
        wanted = m.group(1).strip() if m else None
        label = "%s is rejected" % rel(path)
        if wanted:
            label += " (%s)" % wanted
        try:
            data = load_yaml_text(text)
        except yaml.YAMLError as exc:
            errs = ["YAML: " + str(exc)]
        else:
            errs = validate(validator, data)
        if not errs:
            fail(label, ["the profile was accepted"])
        elif wanted and not any(wanted in e for e in errs):
            fail(label, ["rejected for another reason:"] + errs)
        else:
            ok(label)


def main():
    validators = {
        "knobs": load_schema("knobs.schema.json"),
        "rules": load_schema("rules.schema.json"),
        "profile": load_schema("profile.schema.json"),
    }
    check_doc_examples(validators)
    check_schema_logic(validators)
    catalog = check_knobs(validators["knobs"])
    check_rules(validators["rules"], catalog)
    check_profiles(validators["profile"], catalog)
    check_bad_profiles(validators["profile"])
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
