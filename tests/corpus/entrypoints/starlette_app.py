"""Greeting and import endpoints of the kiosk service (Starlette)."""
import html
import subprocess

from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route


async def greet(request):
    name = request.query_params.get("name", "guest")
    return HTMLResponse(f"<h1>Welcome, {name}</h1>")  # expect: CWE-79


async def greet_escaped(request):
    name = request.query_params.get("name", "guest")
    return HTMLResponse(f"<h1>Welcome, {html.escape(name)}</h1>")  # safe: CWE-79


async def import_feed(request):
    payload = await request.json()
    subprocess.run("feed-import " + payload["url"], shell=True)  # expect: CWE-78
    return Response("<p>Imported " + payload["url"] + "</p>", media_type="text/html")  # expect: CWE-79


async def echo(request):
    payload = await request.json()
    return Response(payload["text"], media_type="text/plain")  # safe: CWE-79


async def status(request):
    return JSONResponse({"feed": request.query_params.get("feed")})  # safe: CWE-79


app = Starlette(routes=[Route("/greet", greet), Route("/greet2", greet_escaped), Route("/import", import_feed, methods=["POST"]),
                        Route("/echo", echo), Route("/status", status)])
