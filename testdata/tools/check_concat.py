#!/usr/bin/env python3
"""Checks the expectations of a concatenated stream (two whole fMP4 streams, one after the
other) against those of its parts.

Usage: check_concat.py EXPECTED_DIR PART1_FILE

EXPECTED_DIR holds samples.csv of the whole file and part1/, part2/ with the full
expectations of each part (each already cross-checked by check.py). Verifies that the samples
of the whole file, as boxdump reads them (switching to the tracks of the second moov when it
appears), are exactly those of part 1 followed by those of part 2 with offsets moved by the
size of part 1 and moof indices by part 1's moof count. Prints one summary line per part and
the per-track lines of each part's checks.txt (prefixed "part1 ", "part2 ").
"""
import csv
import os
import sys


def rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def main(d, part1_file):
    whole = rows(os.path.join(d, "samples.csv"))
    p1 = rows(os.path.join(d, "part1", "samples.csv"))
    p2 = rows(os.path.join(d, "part2", "samples.csv"))
    shift = os.path.getsize(part1_file)
    moofs1 = 1 + max([int(r["moof"]) for r in p1] + [-1])
    want = [dict(r) for r in p1]
    for r in p2:
        r = dict(r)
        r["offset"] = str(int(r["offset"]) + shift)
        if int(r["moof"]) >= 0:
            r["moof"] = str(int(r["moof"]) + moofs1)
        want.append(r)
    if want != whole:
        for i, (a, b) in enumerate(zip(want, whole)):
            if a != b:
                sys.stderr.write("check failed: sample line %d: parts give %s, whole file %s\n"
                                 % (i, a, b))
                break
        else:
            sys.stderr.write("check failed: %d samples from the parts, %d in the whole file\n"
                             % (len(want), len(whole)))
        sys.exit(1)
    print("whole file = part1 (%d bytes, %d samples, %d moofs) + part2 (%d samples, offsets +%d):"
          " samples.csv matches the parts" % (shift, len(p1), moofs1, len(p2), shift))
    for part in ("part1", "part2"):
        with open(os.path.join(d, part, "checks.txt")) as f:
            for line in f:
                print("%s %s" % (part, line.rstrip("\n")))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        sys.exit(2)
    main(sys.argv[1], sys.argv[2])
