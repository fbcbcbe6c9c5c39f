"""File browser queries of the document service (strawberry)."""
import os

import strawberry
from strawberry.types import Info

DOCUMENT_ROOT = "/srv/documents"


@strawberry.type
class Query:
    @strawberry.field(description="Text of a document")
    def document(self, info: Info, path: str) -> str:
        with open(os.path.join(DOCUMENT_ROOT, path)) as handle:  # expect: CWE-22
            return handle.read()

    @strawberry.field(description="Text of a document by its file name")
    def document_by_name(self, info: Info, name: str) -> str:
        with open(os.path.join(DOCUMENT_ROOT, os.path.basename(name))) as handle:  # safe: CWE-22
            return handle.read()


schema = strawberry.Schema(query=Query)
