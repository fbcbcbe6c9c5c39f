"""A FastAPI service: path, query and body parameters of routes are request data."""
import os
import subprocess

import httpx
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse

app = FastAPI()
router = APIRouter(prefix="/admin")


def get_settings():
    return {"root": "/srv/data"}


@app.get("/files/{name}")
def read_file(name: str, settings: dict = Depends(get_settings)):
    with open(os.path.join(settings["root"], name)) as handle:  # expect: CWE-22
        return {"content": handle.read()}


@app.get("/files-safe/{name}")
def read_file_safe(name: str):
    with open(os.path.join("/srv/data", os.path.basename(name))) as handle:  # safe: CWE-22
        return {"content": handle.read()}


@app.post("/proxy")
async def proxy(url: str):
    async with httpx.AsyncClient() as client:
        response = await client.get(url)  # expect: CWE-918
    return {"status": response.status_code}


@app.get("/hello", response_class=HTMLResponse)
async def hello(request: Request):
    name = request.query_params.get("name", "")
    return HTMLResponse("<h1>Hello " + name + "</h1>")  # expect: CWE-79


@app.get("/jump")
async def jump(request: Request):
    return RedirectResponse(request.query_params["to"])  # expect: CWE-601


@router.post("/restart/{service}")
def restart(service: str):
    subprocess.run(f"systemctl restart {service}", shell=True)  # expect: CWE-78
    subprocess.run(["systemctl", "restart", service])  # safe: CWE-78
    return {"restarted": service}


@router.get("/version")
def version(verbose: bool = False):
    subprocess.run(f"app --version --verbose={int(verbose)}", shell=True)  # safe: CWE-78
    return {}


app.include_router(router)
