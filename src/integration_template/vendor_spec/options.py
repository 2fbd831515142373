"""The `new` command's --vendor-spec options, kept here so the CLI only wires them in."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..answers import UsageError
from ._document import SpecDocument
from ._models import NoRecordModel
from ._project import SpecFiles, spec_files
from ._proposal import Proposal, propose


@dataclass(frozen=True)
class VendorSpec:
    """The loaded spec and what it proposes."""

    document: SpecDocument
    proposal: Proposal

    def files(self, answers: Mapping[str, object]) -> SpecFiles | None:
        """The files it brings to a project with these final answers; None, with a note, when
        the spec describes no record (the project keeps the template's vendor models)."""
        resource = str(answers.get("resource_name") or "record")
        try:
            files = spec_files(self.document, self.proposal, resource)
            if files.note:
                print(f"note: {self.proposal.facts.item_path}: {files.note}", file=sys.stderr)
            return files
        except NoRecordModel as error:
            reason = error.problems[0].reason
            print(
                f"note: no vendor models from the spec ({self.proposal.facts.item_path}: "
                f"{reason}); the project keeps the template's hand-written vendor models",
                file=sys.stderr,
            )
            return None


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


def vendor_spec_from_args(
    args: argparse.Namespace, given: Mapping[str, object]
) -> VendorSpec | None:
    """The spec and proposal the options ask for; None without --vendor-spec."""
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
    return VendorSpec(spec, propose(spec, args.vendor_resource, args.vendor_collection, given))
