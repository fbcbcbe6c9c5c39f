"""Model registry for the recommendation service."""
import joblib
import numpy as np
import pandas as pd
import torch
from huggingface_hub import hf_hub_download
from tensorflow import keras
from transformers import AutoModel, AutoTokenizer

PINNED = "3f2a8d1c9b7e6a5d4c3b2a1f0e9d8c7b6a5f4e3d"


def load_checkpoint(path):
    return torch.load(path, map_location="cpu")  # expect: CWE-502


def load_weights(path):
    return torch.load(path, map_location="cpu", weights_only=True)  # safe: CWE-502


def load_features(path):
    return np.load(path, allow_pickle=True)  # expect: CWE-502


def load_matrix(path):
    return np.load(path)  # safe: CWE-502


def load_frame(path):
    return pd.read_pickle(path)  # expect: CWE-502


def load_pipeline(path):
    return joblib.load(path)  # expect: CWE-502


def load_keras(path):
    return keras.models.load_model(path, safe_mode=False)  # expect: CWE-502


def load_keras_safe(path):
    return keras.models.load_model(path)  # safe: CWE-502


def load_encoder():
    return AutoModel.from_pretrained("acme/sentiment-small")  # expect: CWE-494


def load_tokenizer():
    return AutoTokenizer.from_pretrained("acme/sentiment-small", revision=PINNED)  # safe: CWE-494


def load_local():
    return AutoModel.from_pretrained("./models/sentiment")  # safe: CWE-494


def fetch_vocab():
    return hf_hub_download(repo_id="acme/sentiment-small", filename="vocab.txt")  # expect: CWE-494
