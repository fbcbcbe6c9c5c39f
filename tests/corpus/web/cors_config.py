"""Cross-origin settings of a Flask API and a FastAPI service."""
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from flask import Flask
from flask_cors import CORS, cross_origin

app = Flask(__name__)
CORS(app, supports_credentials=True)  # expect: CWE-942

public = Flask("public")
CORS(public)  # safe: CWE-942

partner = Flask("partner")
CORS(partner, origins=["https://partner.example.com"], supports_credentials=True)  # safe: CWE-942

legacy = Flask("legacy")
CORS(legacy, resources={r"/api/*": {"origins": "*"}}, supports_credentials=True)  # expect: CWE-942


@app.route("/me")
@cross_origin(origins="*", supports_credentials=True)  # expect: CWE-942
def me():
    return "{}"


service = FastAPI()
service.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)  # expect: CWE-942
service.add_middleware(CORSMiddleware, allow_origin_regex=".*", allow_credentials=True)  # expect: CWE-942
service.add_middleware(CORSMiddleware, allow_origins=["*"])  # safe: CWE-942
service.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)  # safe: CWE-942
