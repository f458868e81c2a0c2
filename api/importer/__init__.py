"""Importers of published data into the ILACS API (no database code here)."""

from api.importer.authorities import AuthorityIndex
from api.importer.model import (
    ImportedEvent,
    ReadResult,
    RejectedRow,
    SourceRef,
    UnreadableFile,
)
from api.importer.ofsted import merge_releases, read_release

__all__ = [
    "AuthorityIndex",
    "ImportedEvent",
    "ReadResult",
    "RejectedRow",
    "SourceRef",
    "UnreadableFile",
    "merge_releases",
    "read_release",
]
