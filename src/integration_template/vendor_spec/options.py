"""The `new` command's --vendor-spec options, kept here so the CLI only wires them in."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path

from ..answers import UsageError
from ._document import SpecDocument
from ._proposal import Proposal, propose


def add_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "answers from the vendor's OpenAPI description",
        "propose vendor_name, vendor_base_url, vendor_auth, resource_name, vendor_pagination "
        "and vendor_idempotency_keys from the spec, as defaults that --set, --answers-file "
        "and the questions still override",
    )
    group.add_argument(
        "--vendor-spec",
        type=Path,
        metavar="FILE",
        help="the vendor's OpenAPI 3.0 or 3.1 document (JSON or YAML)",
    )
    group.add_argument(
        "--vendor-resource",
        metavar="PATH",
        help="the item path of the resource in the spec, e.g. /v1/customers/{customer}",
    )
    group.add_argument(
        "--vendor-collection",
        metavar="PATH",
        help="the list path, when it is not the item path without its last segment",
    )


def proposal_from_args(args: argparse.Namespace, given: Mapping[str, object]) -> Proposal | None:
    """The proposal the options ask for; None without --vendor-spec."""
    spec_path: Path | None = args.vendor_spec
    if spec_path is None:
        if args.vendor_resource or args.vendor_collection:
            raise UsageError("--vendor-resource and --vendor-collection need --vendor-spec FILE")
        return None
    if not args.vendor_resource:
        raise UsageError(
            "--vendor-spec needs --vendor-resource PATH, the item path of the resource "
            "(e.g. /v1/customers/{customer})"
        )
    spec = SpecDocument.load(spec_path)
    return propose(spec, args.vendor_resource, args.vendor_collection, given)
