"""Make the big and binary bad inputs at test time, so no large file is ever committed.

Run ``python tests/data/bad/generate.py OUT_DIR`` to write them all into OUT_DIR for a look by
hand; the tests call the functions with a ``tmp_path``.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HEADER = "name,profession,license_state,dn_hours_total,dn_hours_in_person,price_per_session,notes\n"


def row(i: int) -> str:
    return f"Clinic {i:05d} (fictional),PT,CO,{30 + i % 90},{20 + i % 10},{60 + i % 40},note {i}\n"


def many_rows_csv(path: Path, rows: int = 10_000) -> Path:
    """A valid provider file with ``rows`` rows (about 0.6 MB for ten thousand)."""
    path.write_text(HEADER + "".join(row(i) for i in range(rows)), encoding="utf-8")
    return path


def big_csv(path: Path, megabytes: int = 50) -> Path:
    """A valid-looking provider file of ``megabytes`` MB, written in chunks."""
    chunk = "".join(row(i) for i in range(1000)).encode("utf-8")
    target = megabytes * 1_000_000
    with path.open("wb") as out:
        out.write(HEADER.encode("utf-8"))
        written = len(HEADER)
        while written < target:
            out.write(chunk)
            written += len(chunk)
    return path


BINARY_KINDS = {
    # name: (first bytes, what the reader should call it)
    "zip": (b"PK\x03\x04", "zip file"),
    "png": (b"\x89PNG\r\n\x1a\n", "PNG picture"),
    "pdf": (b"%PDF-1.7\n", "PDF"),
    "noise": (b"", "binary data"),
}


def binary_as_csv(path: Path, kind: str = "noise", size: int = 4096) -> Path:
    """Random bytes (with zero bytes in them) behind a magic number, saved with a .csv name."""
    magic = BINARY_KINDS[kind][0]
    rng = random.Random(11)
    body = bytes(rng.randrange(256) for _ in range(size)) + b"\x00\x00"
    path.write_bytes(magic + body)
    return path


def deep_json(depth: int = 100_000, kind: str = "list") -> str:
    """JSON nested ``depth`` levels deep: far deeper than Python's recursion limit."""
    if kind == "list":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


def huge_int_json(digits: int = 5_000) -> str:
    """A provider list whose hours are a number with ``digits`` digits."""
    number = "9" * digits
    return f'[{{"name": "Huge (fictional)", "profession": "PT", "dn_hours_total": {number}}}]'


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    many_rows_csv(out / "ten_thousand_rows.csv")
    big_csv(out / "fifty_mb.csv")
    for kind in BINARY_KINDS:
        binary_as_csv(out / f"binary_{kind}.csv", kind)
    (out / "deep_list.json").write_text(deep_json())
    (out / "deep_object.json").write_text(deep_json(kind="object"))
    (out / "huge_int.json").write_text(huge_int_json())
    print(json.dumps(sorted(p.name for p in out.iterdir())))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "bad-inputs"))
