#!/usr/bin/env python3
"""The Python side of bench/inspect-wheel.sh: verifies a wheel's RECORD, as a short script would.

    verify_record.py WHEEL

Reads RECORD with csv, then checks every archive member: listed, sha256 digest and size equal
to RECORD's; and every RECORD entry present. Each member is read whole (ZipFile.read), the
simplest and, for wheel-sized members, the fastest way with zipfile. Prints the number of files
checked; exits 1 with the list of problems.
"""
import base64
import csv
import hashlib
import io
import sys
import zipfile


def main():
    path = sys.argv[1]
    problems = []
    with zipfile.ZipFile(path) as wheel:
        names = [i.filename for i in wheel.infolist() if not i.filename.endswith("/")]
        record_name = next(n for n in names if n.endswith(".dist-info/RECORD") and n.count("/") == 1)
        rows = list(csv.reader(io.TextIOWrapper(wheel.open(record_name), encoding="utf-8", newline="")))
        record = {row[0]: (row[1], row[2]) for row in rows if row}
        for name in names:
            if name == record_name:
                continue
            if name not in record:
                problems.append(f"{name}: not in RECORD")
                continue
            expected_hash, expected_size = record[name]
            algorithm, _, expected = expected_hash.partition("=")
            if algorithm != "sha256":
                problems.append(f"{name}: hash is {algorithm or 'missing'}, not sha256")
                continue
            data = wheel.read(name)
            size = len(data)
            actual = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            if actual != expected:
                problems.append(f"{name}: sha256 differs from RECORD")
            if str(size) != expected_size:
                problems.append(f"{name}: size {size}, RECORD says {expected_size}")
        present = set(names)
        problems.extend(f"{name}: in RECORD, not in the wheel" for name in record if name not in present)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    print(f"{len(names)} files verified")


if __name__ == "__main__":
    main()
