    def get(self, request, *args, **kwargs):
        # a hunk cut out of a class-based view: it starts indented and has no imports
        q = request.GET.get("q")
        cursor = connection.cursor()
        cursor.execute("SELECT * FROM items WHERE name = '%s'" % q)  # expect: CWE-89
        cursor.execute("SELECT * FROM items WHERE name = %s", [q])  # safe: CWE-89
        if q.startswith("/"):
            return HttpResponseRedirect(q)  # expect: CWE-601
        return HttpResponse(cursor.fetchall(), content_type="text/plain")

    async def download(self, request):
        name = request.match_info["name"]
        return web.FileResponse(os.path.join("/srv/static", name))  # expect: CWE-22
