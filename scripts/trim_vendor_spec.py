"""Trim a vendor's OpenAPI document to one resource, for the test corpus and for review.

    python scripts/trim_vendor_spec.py SPEC --vendor-resource PATH [--vendor-collection PATH]
        [-o OUT.json]

Keeps `openapi`, `info`, `servers` and `security`, GET on the item path, GET and POST on the
collection path, and every component those reach by `$ref`, transitively (the security
schemes they name too). Writes JSON with sorted paths and components, so a re-run on the
same spec gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from integration_template.vendor_spec import VendorSpecError, load_spec, trim_spec


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("spec", type=Path, help="the vendor's OpenAPI 3.0 or 3.1 document")
    parser.add_argument("--vendor-resource", required=True, metavar="PATH", help="item path")
    parser.add_argument("--vendor-collection", metavar="PATH", help="list path (derived)")
    parser.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    args = parser.parse_args(argv)
    try:
        spec = load_spec(args.spec)
        trimmed = trim_spec(spec, args.vendor_resource, args.vendor_collection)
    except VendorSpecError as error:
        print(f"trim_vendor_spec: error: {error}", file=sys.stderr)
        return 2
    text = json.dumps(trimmed, indent=1, ensure_ascii=False) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
