"""Catalog pages (FastAPI + Jinja2Templates): templates in pages/."""
from fastapi import FastAPI, Request
from fastapi.templating import Jinja2Templates

app = FastAPI()
templates = Jinja2Templates(directory="pages")


@app.get("/item")
def item(request: Request, q: str = ""):
    return templates.TemplateResponse(request, "item.html", {"q": q, "shop": "Catalog"})


@app.get("/legacy-item")
def legacy_item(request: Request, q: str = ""):
    return templates.TemplateResponse("legacy_item.html", {"request": request, "q": q})
