"""Deserialization of untrusted data: pickle and its relatives, unsafe YAML, ML model files.

Loading a pickle (or anything built on it: shelve, joblib, torch, `numpy.load(allow_pickle=True)`,
`pandas.read_pickle`) runs code chosen by whoever wrote the bytes (CWE-502). Only a constant bytes
literal is exempt. Fetching a model from the Hugging Face Hub without pinning a commit is CWE-494
(the code/weights are downloaded without an integrity check).
"""
from __future__ import annotations

import ast
import re

from secreview.findings import Confidence, Severity
from secreview.model.scopes import ASSIGN, OTHER
from secreview.rules._sinks import qualnames, short
from secreview.rules.api import Report, rule

_PICKLERS = ("pickle", "cPickle", "_pickle", "dill", "cloudpickle")
_LOADERS = (
    *(f"{m}.{f}" for m in _PICKLERS for f in ("load", "loads", "Unpickler")),
    "marshal.load", "marshal.loads", "shelve.open", "shelve.DbfilenameShelf", "jsonpickle.decode",
    "jsonpickle.loads", "jsonpickle.unpickler.decode", "pandas.read_pickle", "joblib.load",
    "sklearn.externals.joblib.load",
)


def _opened_constant_file(ctx, expr: ast.expr) -> bool:
    """`f` bound by `with open("cache.pkl", "rb") as f` / `f = open(...)` with a constant path."""
    target = expr
    if isinstance(expr, ast.Name):
        bindings = ctx.lookup(expr.id)
        if len(bindings) != 1 or bindings[0].kind not in (ASSIGN, OTHER) or bindings[0].value is None:
            return False
        target = bindings[0].value
    if isinstance(target, ast.Call) and ctx.qualified_name(target.func) in ("open", "io.open", "gzip.open", "bz2.open"):
        return bool(target.args) and ctx.is_constant(target.args[0])
    return ctx.is_constant(target)


@rule("SR301", title="Deserialization with pickle or a pickle-based loader", cwe=502, severity=Severity.MEDIUM,
      confidence=Confidence.MEDIUM, calls=_LOADERS, tags=("sink",),
      fix="Exchange data as JSON (or another data-only format); if pickles are unavoidable, authenticate them "
      "(HMAC) before loading and never load files that others can write.")
def pickle_load(ctx, call: ast.Call):
    """## What it does
    Flags `pickle`/`cPickle`/`dill`/`cloudpickle` `load`, `loads` and `Unpickler`, `marshal`,
    `shelve`, `jsonpickle.decode`, `pandas.read_pickle` and `joblib.load`. A constant bytes literal
    is not reported; a file opened by a constant path is reported with low confidence.

    ## Why is this bad?
    Unpickling calls whatever callables the data names (`__reduce__`): a crafted pickle runs
    arbitrary code in the process. It is never safe on data that someone else could have written.

    ## Example
    ```python
    import pickle

    def restore_session(blob):
        return pickle.loads(blob)
    ```

    ## Use instead
    ```python
    import json

    def restore_session(blob):
        return json.loads(blob)
    ```
    """
    data = ctx.argument(call, 0, None)
    for keyword in ("data", "file", "filename", "filepath_or_buffer", "string", "bytes_object"):
        data = data or ctx.argument(call, None, keyword)
    if data is None or ctx.is_constant(data):
        return None
    confidence = Confidence.LOW if _opened_constant_file(ctx, data) else None
    return Report(call, f"`{ctx.call_qualname}()` deserializes `{short(data)}`; loading it runs any code the "
                        "data asks for.", confidence=confidence)


_SAFE_YAML = frozenset(f"yaml.{p}{n}" for p in ("", "loader.", "cyaml.") for n in (
    "SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader", "FullLoader", "CFullLoader"))
_UNSAFE_YAML = frozenset(f"yaml.{p}{n}" for p in ("", "loader.", "cyaml.") for n in (
    "Loader", "CLoader", "UnsafeLoader", "CUnsafeLoader"))


def _yaml_loader_is_safe(ctx, loader: ast.expr) -> bool | None:
    names = qualnames(ctx, loader)
    if names and names <= _SAFE_YAML:
        return True
    if names & _UNSAFE_YAML:
        return False
    for name in names:  # a subclass defined in this module: judge by its bases
        cls = ctx.model.classes.get(name)
        if cls is not None and cls.bases:
            verdicts = {_yaml_loader_is_safe(ctx, base) for base in cls.bases}
            return True if verdicts == {True} else (False if False in verdicts else None)
    return None


@rule("SR302", title="YAML loaded with a loader that constructs Python objects", cwe=502, severity=Severity.HIGH,
      confidence=Confidence.HIGH, calls=("yaml.load", "yaml.load_all", "yaml.unsafe_load", "yaml.unsafe_load_all",
                                         "ruamel.yaml.YAML"), tags=("document",),
      fix="Use `yaml.safe_load(data)` (or `Loader=yaml.SafeLoader` / `yaml.CSafeLoader`).")
def yaml_load(ctx, call: ast.Call):
    """## What it does
    Flags `yaml.unsafe_load`, `yaml.load(..., Loader=yaml.Loader / UnsafeLoader / CLoader)`,
    `yaml.load(data)` without a `Loader` (unsafe before PyYAML 5.1, refused since 6.0), and
    `ruamel.yaml.YAML(typ="unsafe")`. `SafeLoader`, `CSafeLoader`, `BaseLoader` and `FullLoader`
    (which refuses arbitrary object construction since PyYAML 5.4) are not reported, nor is an
    unresolvable loader.

    ## Why is this bad?
    The unsafe loaders honour tags such as `!!python/object/apply:os.system`, so the document
    decides which Python functions are called. A document the dataflow analysis proves constant
    (every path gives it a fixed text) is not reported.

    ## Example
    ```python
    import yaml

    def read_config(text):
        return yaml.load(text, Loader=yaml.Loader)
    ```

    ## Use instead
    ```python
    import yaml

    def read_config(text):
        return yaml.safe_load(text)
    ```
    """
    name = ctx.call_qualname
    if name == "ruamel.yaml.YAML":
        if ctx.keyword_value(call, "typ", None) == "unsafe":
            return Report(call, "`ruamel.yaml.YAML(typ=\"unsafe\")` constructs arbitrary Python objects.")
        return None
    stream = ctx.argument(call, 0, "stream")
    if stream is not None and ctx.is_constant(stream):
        return None
    if name.startswith("yaml.unsafe_load"):
        return Report(call, f"`{name}()` constructs arbitrary Python objects named by the document.")
    loader = ctx.argument(call, 1, "Loader")
    if loader is None:
        if ctx.has_argument(call, 1, "Loader"):
            return None
        return Report(call, f"`{name}()` without `Loader=`: PyYAML before 5.1 builds arbitrary Python objects "
                            "(and 6.0 refuses the call).", confidence=Confidence.MEDIUM)
    if _yaml_loader_is_safe(ctx, loader) is False:
        return Report(call, f"`{name}()` with `Loader={short(loader)}` constructs arbitrary Python objects "
                            "named by the document.")
    return None


@rule("SR303", title="torch.load without weights_only=True", cwe=502, severity=Severity.HIGH,
      confidence=Confidence.MEDIUM, calls=("torch.load",),
      fix="Pass `weights_only=True` (the default from PyTorch 2.6) or use the safetensors format.")
def torch_load(ctx, call: ast.Call):
    """## What it does
    Flags `torch.load(f)` unless `weights_only=True`; an explicit `weights_only=False` is reported
    with high confidence (before PyTorch 2.6 the default is `False`).

    ## Why is this bad?
    Without `weights_only`, `torch.load` is `pickle.load`: a model file downloaded or shared
    by someone else runs arbitrary code when loaded.

    ## Example
    ```python
    import torch

    def load_checkpoint(path):
        return torch.load(path, map_location="cpu")
    ```

    ## Use instead
    ```python
    import torch

    def load_checkpoint(path):
        return torch.load(path, map_location="cpu", weights_only=True)
    ```
    """
    weights_only = ctx.keyword_value(call, "weights_only", None)
    if weights_only is True or (ctx.has_argument(call, None, "weights_only") and weights_only is not False):
        return None
    if weights_only is False:
        return Report(call, "`torch.load(..., weights_only=False)` unpickles the file: it can run arbitrary code.",
                      confidence=Confidence.HIGH)
    return Report(call, "`torch.load()` without `weights_only=True` unpickles the file on PyTorch < 2.6.")


@rule("SR304", title="numpy.load with allow_pickle=True", cwe=502, severity=Severity.HIGH,
      confidence=Confidence.HIGH, calls=("numpy.load",),
      fix="Keep the default `allow_pickle=False`; store object arrays in a data-only format.")
def numpy_load(ctx, call: ast.Call):
    """## What it does
    Flags `numpy.load(..., allow_pickle=True)`.

    ## Why is this bad?
    Object arrays in `.npy`/`.npz` files are pickles; allowing them lets the file run code on load.

    ## Example
    ```python
    import numpy as np

    def load_features(path):
        return np.load(path, allow_pickle=True)
    ```

    ## Use instead
    ```python
    import numpy as np

    def load_features(path):
        return np.load(path)
    ```
    """
    if ctx.keyword_value(call, "allow_pickle", False) is True:
        return Report(call, "`numpy.load(..., allow_pickle=True)` unpickles object arrays from the file.")
    return None


@rule("SR305", title="Keras model loaded with safe_mode=False", cwe=502, severity=Severity.HIGH,
      confidence=Confidence.HIGH, calls=("keras.models.load_model", "keras.saving.load_model", "keras.load_model",
                                         "tensorflow.keras.models.load_model", "tf_keras.models.load_model"),
      fix="Keep `safe_mode=True` (the default) and load only the `.keras` format from trusted sources.")
def keras_load(ctx, call: ast.Call):
    """## What it does
    Flags `keras.models.load_model(..., safe_mode=False)`.

    ## Why is this bad?
    With `safe_mode=False`, Keras deserializes `Lambda` layers, whose bytecode runs when the model loads.

    ## Example
    ```python
    import keras

    def load(path):
        return keras.models.load_model(path, safe_mode=False)
    ```

    ## Use instead
    ```python
    import keras

    def load(path):
        return keras.models.load_model(path)
    ```
    """
    if ctx.keyword_value(call, "safe_mode", True) is False:
        return Report(call, "`load_model(..., safe_mode=False)` runs code stored in the model file (Lambda layers).")
    return None


_HUB_PACKAGES = ("transformers", "diffusers", "peft", "huggingface_hub", "datasets", "sentence_transformers",
                 "optimum", "timm")
_HUB_CALLS = ("huggingface_hub.hf_hub_download", "huggingface_hub.snapshot_download", "datasets.load_dataset")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")


@rule("SR306", title="Hugging Face Hub download without a pinned revision", cwe=494, severity=Severity.MEDIUM,
      confidence=Confidence.MEDIUM, methods=("from_pretrained",), calls=_HUB_CALLS,
      fix="Pin `revision=` to a full commit hash (40 hex characters) you have reviewed.")
def hub_download(ctx, call: ast.Call):
    """## What it does
    Flags `from_pretrained("org/model")`, `hf_hub_download`, `snapshot_download` and
    `datasets.load_dataset` of a Hub repository without `revision=` pinned to a commit hash.
    Local paths and names that are not constant are not reported.

    ## Why is this bad?
    A branch or tag can be moved: whoever controls the repository (or takes it over) changes what
    you download, including pickled weights and, with `trust_remote_code=True`, Python code.

    ## Example
    ```python
    from transformers import AutoModel

    model = AutoModel.from_pretrained("acme/sentiment-small")
    ```

    ## Use instead
    ```python
    from transformers import AutoModel

    model = AutoModel.from_pretrained("acme/sentiment-small", revision="3f2a8d1c9b7e6a5d4c3b2a1f0e9d8c7b6a5f4e3d")
    ```
    """
    if ctx.call_qualname not in _HUB_CALLS and not any(n.split(".")[0] in _HUB_PACKAGES for n in ctx.model.imports):
        return None
    repo = ctx.string(ctx.argument(call, 0, "repo_id") or ctx.argument(call, 0, "pretrained_model_name_or_path")
                      or ctx.argument(call, 0, "path"))
    if repo is None or repo.startswith((".", "/", "~", "\\")) or repo.count("/") != 1 or ":" in repo:
        return None
    revision = ctx.keyword_value(call, "revision", None)
    if isinstance(revision, str) and _COMMIT.match(revision) or ctx.has_argument(call, None, "revision") and (
            not isinstance(revision, str)):
        return None
    remote_code = ctx.keyword_value(call, "trust_remote_code", False) is True
    what = "and runs its code (`trust_remote_code=True`)" if remote_code else "without an integrity check"
    return Report(call, f"`{repo}` is downloaded from the Hub at a movable revision ({revision or 'main'}) {what}.",
                  severity=Severity.HIGH if remote_code else None)
