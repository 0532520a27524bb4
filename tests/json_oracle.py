#!/usr/bin/env python3
"""Python's json module as the oracle of the JSON reader (tests/cli/json-oracle.t).

    json_oracle.py verdict FILE
        "valid" when FILE is JSON text as RFC 8259 has it (one value, or
        several each on a line after the one before ends), else
        "invalid: why".
    json_oracle.py records FILE OURS
        The records FILE holds, as the toolkit makes them (names dotted,
        lists joined with ";", numbers as written, null empty), against
        OURS, what order-show -o jsonl printed: exit 0 when the same.

Only the shapes the oracle knows: a top-level array of objects, or an
object that is one record (no list of objects, no empty list, directly in
it); no tag lists, no API names.  Anything else is an error here, so a
test file that needs more says so at once.
"""
import json
import sys


class Obj(list):
    """An object's members in order, repeats kept."""


class Invalid(Exception):
    pass


def reject_constant(name):
    raise Invalid("%s is not JSON" % name)


DECODER = json.JSONDecoder(object_pairs_hook=Obj, parse_int=str,
                           parse_float=str, parse_constant=reject_constant,
                           strict=True)
BLANK = " \t\r\n"


def values(path):
    """Every top-level value of the file, or Invalid."""
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Invalid("invalid UTF-8: %s" % e)
    i = 1 if text.startswith("\ufeff") else 0
    out, end = [], None
    while True:
        while i < len(text) and text[i] in BLANK:
            i += 1
        if i == len(text):
            break
        if end is not None and "\n" not in text[end:i]:
            raise Invalid("text after the value on its line")
        try:
            v, end = DECODER.raw_decode(text, i)
        except json.JSONDecodeError as e:
            raise Invalid(str(e))
        out.append(v)
        i = end
    if not out:
        raise Invalid("no value")
    return out


def text(v):
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return ""
    return v        # strings, and numbers as written (parse_int=str)


def flatten(members):
    """One record: (name, value) pairs in order."""
    fields, index, adds = [], {}, [0]

    def put(name, value, inseq):
        adds[0] += 1
        if name in index:
            if not inseq:
                raise Invalid("duplicate field %s" % name)
            fields[index[name]][1] += ";" + value
        else:
            index[name] = len(fields)
            fields.append([name, value])

    def walk(name, v, inseq):
        if name in ("Tags", "tags") or name.endswith(".Tags"):
            sys.exit("json_oracle: tag lists are not modelled: " + name)
        before = adds[0]
        if isinstance(v, Obj):
            keys = [k for k, _ in v]
            if len(set(keys)) != len(keys):
                raise Invalid("a key twice in an object")
            for k, x in v:
                walk(name + "." + k, x, inseq)
        elif isinstance(v, list):
            for x in v:
                walk(name, x, True)
            inseq = True
        else:
            put(name, text(v), inseq)
            return
        if adds[0] == before:   # an empty object or array names a field
            put(name, "", inseq)

    keys = [k for k, _ in members]
    if len(set(keys)) != len(keys):
        raise Invalid("a key twice in an object")
    for k, x in members:
        walk(k, x, False)
    return [tuple(f) for f in fields]


def records(path):
    out = []
    for v in values(path):
        if isinstance(v, Obj):
            for k, x in v:
                if isinstance(x, list) and (not x or isinstance(x[0], Obj)):
                    sys.exit("json_oracle: %s: an envelope is not "
                             "modelled" % k)
            out.append(flatten(v))
        elif isinstance(v, list) and all(isinstance(x, Obj) for x in v):
            out.extend(flatten(x) for x in v)
        else:
            sys.exit("json_oracle: not a shape of records")
    return out


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "verdict":
        try:
            for v in values(sys.argv[2]):
                pass
            print("valid")
        except Invalid as e:
            print("invalid: %s" % e)
        return 0
    if len(sys.argv) == 4 and sys.argv[1] == "records":
        want = records(sys.argv[2])
        got = [[tuple(p) for p in json.loads(line, object_pairs_hook=list)]
               for line in open(sys.argv[3], encoding="utf-8")]
        if got == want:
            return 0
        for i in range(max(len(got), len(want))):
            g = got[i] if i < len(got) else None
            w = want[i] if i < len(want) else None
            if g != w:
                print("record %d:\n  ours:   %r\n  python: %r" % (i + 1, g, w))
        return 1
    sys.exit("usage: json_oracle.py verdict FILE | records FILE OURS")


if __name__ == "__main__":
    sys.exit(main())
