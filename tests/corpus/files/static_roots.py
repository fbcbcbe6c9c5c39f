"""A static file route of an aiohttp application: the file name comes from the URL.

`path.relative_to(root)` as a statement raises ValueError when a resolved path is outside `root`:
the code after it only sees paths inside. Checked on one branch only, the other branch still serves
whatever the URL names.
"""
import os
from pathlib import Path

from aiohttp import web


class StaticRoute:
    def __init__(self, directory, follow_symlinks=False):
        self._directory = Path(directory).resolve()
        self._follow_symlinks = follow_symlinks

    async def handle_checked(self, request: web.Request):
        filename = Path(request.match_info["filename"])
        try:
            unresolved = self._directory.joinpath(filename)
            if self._follow_symlinks:
                normalized = Path(os.path.normpath(unresolved))
                normalized.relative_to(self._directory)
                filepath = normalized.resolve()
            else:
                filepath = unresolved.resolve()
                filepath.relative_to(self._directory)
        except ValueError as error:
            raise web.HTTPNotFound() from error
        return web.FileResponse(filepath)  # safe: CWE-22

    async def handle_one_branch(self, request: web.Request):
        filename = Path(request.match_info["filename"])
        try:
            filepath = self._directory.joinpath(filename).resolve()
            if not self._follow_symlinks:
                filepath.relative_to(self._directory)
        except ValueError as error:
            raise web.HTTPNotFound() from error
        return web.FileResponse(filepath)  # expect: CWE-22

    async def handle_unresolved(self, request: web.Request):
        filepath = self._directory.joinpath(request.match_info["filename"])
        filepath.relative_to(self._directory)  # `a/../../x` is "relative" until it is resolved
        return web.FileResponse(filepath)  # expect: CWE-22
