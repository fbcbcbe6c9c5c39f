"""An aiohttp service: match_info, query and posted forms are request data."""
import pickle

import aiohttp
from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/mirror/{host}")
async def mirror(request):
    host = request.match_info["host"]
    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://{host}/index.html") as response:  # expect: CWE-918
            body = await response.text()
    return web.Response(text=body)


@routes.get("/mirror-fixed")
async def mirror_fixed(request):
    async with aiohttp.ClientSession() as session:
        async with session.get("https://mirror.example.com/index.html") as response:  # safe: CWE-918
            return web.Response(text=await response.text())


@routes.post("/session")
async def load_session(request: web.Request):
    form = await request.post()
    state = pickle.loads(bytes.fromhex(form["state"]))  # expect: CWE-502
    return web.json_response(state)


@routes.get("/search")
async def search(request):
    term = request.query.get("q", "")
    return web.Response(text="<b>" + term + "</b>", content_type="text/html")  # expect: CWE-79


app = web.Application()
app.add_routes(routes)
