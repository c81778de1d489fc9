#!/usr/bin/env python3
"""Checks the built SDK contracts against the deploy rules of ARCHITECTURE.md §6.1.

Every <name>.wasm must pass wasm-validate and the rules (one exported memory, immutable exported
global A of the memory's pointer width with A + 65536 within the maximum, exported functions
(i32) -> i32, only the env imports of §6.3 with their exact types, no start function) and export
exactly the functions listed in EXPECTED_EXPORTS. Every invalid_<rule>.wasm must break exactly
its rule (malformed: must not parse). Run by CTest (label sdk):
    check_contracts.py <contracts dir> [wasm-validate]
"""
import os
import subprocess
import sys

# The functions each example exports; the lead's integration tests rely on these names.
EXPECTED_EXPORTS = {
    "counter": ["read_value", "increment", "decrement"],
    "counter64": ["read_value", "increment", "decrement"],
    "pager": ["grow_to", "fill", "touch"],
    "box": ["set", "get"],
    "callcenter": ["query_counter", "increment_counter", "delegate", "delegate_with_limit",
                   "delegations", "return_self_id", "return_caller", "return_callstack",
                   "call_self", "calling_self", "recurse", "increment_then_panic", "panik"],
    "spender": ["limit_and_spent", "spend", "nested"],
    "eventer": ["emit_events", "emit_input"],
    "event_reverter": ["emit_then_panic", "call_failing"],
    "fibonacci": ["nth"],
    "grower": ["grow", "size", "grow_write_panic", "read_byte"],
    "crossover": ["crossover", "set_crossover", "set_and_call_back", "check_consistent"],
    "initializer": ["init", "value"],
    "metadata": ["read_owner", "read_owner_of", "read_id", "read_meta"],
    "feeder": ["feed_num"],
    "host": ["host_query"],
    "floats": ["sqrt", "nan_div", "sum"],
    "debugger": ["debug"],
}

# The rule each invalid module breaks (the first one this checker reports).
EXPECTED_INVALID = {
    "no_memory": "memory count",
    "two_memories": "memory count",
    "memory_not_exported": "memory not exported",
    "imported_memory": "imported memory",
    "no_argbuf": "no argbuf",
    "argbuf_mutable": "argbuf mutable",
    "argbuf_wrong_type": "argbuf type",
    "argbuf_not_global": "argbuf not global",
    "argbuf_out_of_memory": "argbuf out of memory",
    "bad_export_type": "export type",
    "unknown_import": "unknown import",
    "import_wrong_type": "import type",
    "start_function": "start function",
    "malformed": "malformed",
}

I32, I64, F32, F64 = 0x7F, 0x7E, 0x7D, 0x7C
P = "ptr"  # i32 on wasm32, i64 on wasm64

# §6.3: name -> (params, results).
HOST_IMPORTS = {
    "c": ([P, P, I32, I32, I64], [I32]),
    "hq": ([P, I32, I32], [I32]),
    "hd": ([P, I32], [I32]),
    "emit": ([P, I32, I32], []),
    "feed": ([I32], []),
    "caller": ([], [I32]),
    "callstack": ([], [I32]),
    "limit": ([], [I64]),
    "spent": ([], [I64]),
    "owner": ([P], [I32]),
    "self_id": ([], []),
    "panic": ([I32], []),
    "hdebug": ([I32], []),
}


class Malformed(Exception):
    pass


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def byte(self):
        if self.pos >= len(self.data):
            raise Malformed("unexpected end at %d" % self.pos)
        self.pos += 1
        return self.data[self.pos - 1]

    def leb(self, signed=False):
        result, shift = 0, 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                if signed and b & 0x40:
                    result -= 1 << shift
                return result

    def bytes(self, n):
        if self.pos + n > len(self.data):
            raise Malformed("unexpected end at %d" % self.pos)
        self.pos += n
        return self.data[self.pos - n:self.pos]

    def name(self):
        return self.bytes(self.leb()).decode("utf-8", "replace")

    def limits(self):
        flags = self.byte()
        minimum = self.leb()
        maximum = self.leb() if flags & 1 else None
        return {"min": minimum, "max": maximum, "is64": bool(flags & 4)}

    def const_expr(self):
        op = self.byte()
        value = self.leb(signed=True) if op in (0x41, 0x42) else None
        while op != 0x0B:  # skip anything else up to `end`
            op = self.byte()
        return value


def parse(data):
    """Returns the sections this checker needs; raises Malformed."""
    r = Reader(data)
    if r.bytes(8) != b"\0asm\1\0\0\0":
        raise Malformed("bad header")
    m = {"types": [], "imports": [], "funcs": [], "memories": [], "globals": [], "exports": [],
         "start": None}
    while r.pos < len(data):
        section, size = r.byte(), r.leb()
        body = Reader(r.bytes(size))
        if section == 1:
            for _ in range(body.leb()):
                if body.byte() != 0x60:
                    raise Malformed("bad type form")
                params = list(body.bytes(body.leb()))
                results = list(body.bytes(body.leb()))
                m["types"].append((params, results))
        elif section == 2:
            for _ in range(body.leb()):
                module, field, kind = body.name(), body.name(), body.byte()
                if kind == 0:
                    desc = body.leb()
                    m["funcs"].append(desc)
                elif kind == 1:
                    desc = (body.byte(), body.limits())
                elif kind == 2:
                    desc = body.limits()
                    m["memories"].append(dict(desc, imported=True))
                elif kind == 3:
                    desc = (body.byte(), body.byte())
                    m["globals"].append({"type": desc[0], "mut": desc[1], "init": None})
                else:
                    raise Malformed("bad import kind")
                m["imports"].append((module, field, kind, desc))
        elif section == 3:
            m["funcs"] += [body.leb() for _ in range(body.leb())]
        elif section == 5:
            m["memories"] += [dict(body.limits(), imported=False) for _ in range(body.leb())]
        elif section == 6:
            for _ in range(body.leb()):
                gtype, mut = body.byte(), body.byte()
                m["globals"].append({"type": gtype, "mut": mut, "init": body.const_expr()})
        elif section == 7:
            for _ in range(body.leb()):
                m["exports"].append((body.name(), body.byte(), body.leb()))
        elif section == 8:
            m["start"] = body.leb()
    return m


def check_rules(m):
    """Returns the first broken rule as (rule, detail), or None."""
    if len(m["memories"]) != 1:
        return "memory count", "%d memories" % len(m["memories"])
    memory = m["memories"][0]
    if memory["imported"]:
        return "imported memory", "the memory is imported"
    exports = {name: (kind, index) for name, kind, index in m["exports"]}
    if not any(kind == 2 for kind, _ in exports.values()):
        return "memory not exported", "no memory export"
    ptr = I64 if memory["is64"] else I32
    if "A" not in exports:
        return "no argbuf", "no export named A"
    kind, index = exports["A"]
    if kind != 3:
        return "argbuf not global", "A has export kind %d" % kind
    argbuf = m["globals"][index]
    if argbuf["mut"]:
        return "argbuf mutable", "A is mutable"
    if argbuf["type"] != ptr:
        return "argbuf type", "A has type 0x%x, memory wants 0x%x" % (argbuf["type"], ptr)
    max_pages = memory["max"] if memory["max"] is not None else (1 << 48 if memory["is64"] else 65536)
    if argbuf["init"] is None or argbuf["init"] < 0 or argbuf["init"] + 65536 > max_pages * 65536:
        return "argbuf out of memory", "A = %s, maximum %d pages" % (argbuf["init"], max_pages)
    for name, (kind, index) in sorted(exports.items()):
        if kind == 0 and m["types"][m["funcs"][index]] != ([I32], [I32]):
            return "export type", "%s has type %s" % (name, m["types"][m["funcs"][index]])
    for module, field, kind, desc in m["imports"]:
        if kind != 0 or field not in HOST_IMPORTS:
            return "unknown import", "%s.%s" % (module, field)
        params, results = HOST_IMPORTS[field]
        want = ([ptr if p == P else p for p in params], results)
        if m["types"][desc] != want:
            return "import type", "%s.%s has type %s" % (module, field, m["types"][desc])
    if m["start"] is not None:
        return "start function", "start = %d" % m["start"]
    return None


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    directory = sys.argv[1]
    validate = sys.argv[2] if len(sys.argv) > 2 else "wasm-validate"
    failures = []
    seen = set()
    for file in sorted(os.listdir(directory)):
        if not file.endswith(".wasm"):
            continue
        name, path = file[:-5], os.path.join(directory, file)
        seen.add(name)
        with open(path, "rb") as f:
            data = f.read()
        invalid = name[len("invalid_"):] if name.startswith("invalid_") else None
        if invalid != "malformed":
            proc = subprocess.run([validate, "--enable-memory64", "--enable-multi-memory", path],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                failures.append("%s: wasm-validate rejects it: %s" % (file, proc.stderr.strip()))
        try:
            module = parse(data)
            broken = check_rules(module)
        except Malformed as e:
            module, broken = None, ("malformed", str(e))
        if invalid is None:
            if broken:
                failures.append("%s: breaks rule '%s' (%s)" % (file, broken[0], broken[1]))
            elif name in EXPECTED_EXPORTS:
                got = sorted(n for n, kind, _ in module["exports"] if kind == 0)
                if got != sorted(EXPECTED_EXPORTS[name]):
                    failures.append("%s: exports %s, expected %s" % (file, got, sorted(EXPECTED_EXPORTS[name])))
            print("ok      %s" % file)
        else:
            want = EXPECTED_INVALID.get(invalid)
            if broken is None or broken[0] != want:
                failures.append("%s: expected rule '%s' to break, got %s" % (file, want, broken))
            else:
                print("ok      %s (%s: %s)" % (file, broken[0], broken[1]))
    for name in sorted(EXPECTED_EXPORTS):
        if name not in seen:
            failures.append("%s.wasm is missing" % name)
    for name in sorted(EXPECTED_INVALID):
        if name != "two_memories" and "invalid_" + name not in seen:
            failures.append("invalid_%s.wasm is missing" % name)
    for failure in failures:
        print("FAIL    %s" % failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
