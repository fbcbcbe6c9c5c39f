# FastAPI endpoints from a pull request hunk: the decorators show the framework, the parameters are
# the client's query string.


@router.get("/static")
async def static_file(name: str):
    return FileResponse(os.path.join("static", name))  # expect: CWE-22


@router.get("/static-fixed")
async def static_file_fixed(name: str):
    return FileResponse(os.path.join("static", os.path.basename(name)))  # safe: CWE-22


@app.get("/items")
def items(q: str):
    return db.execute(f"SELECT * FROM items WHERE q = '{q}'")  # expect: CWE-89
